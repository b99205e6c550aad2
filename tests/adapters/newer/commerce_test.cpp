// Tests particular to the commerce group of the newer connector types (issue 10).
