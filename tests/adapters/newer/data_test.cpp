// Tests particular to the data group of the newer connector types (issue 10).
