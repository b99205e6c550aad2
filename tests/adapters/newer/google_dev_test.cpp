// Tests particular to the google_dev group of the newer connector types (issue 10).
