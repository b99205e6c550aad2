# Doxygen input filter (INPUT_FILTER in Doxyfile.in). The public headers are
# documented in plain // comments, as the style guide asks; this turns them
# into Doxygen comments as Doxygen reads them, so the headers stay as written:
#   // text before a declaration          ->  /// text
#   code;  // text after a member          ->  code;  ///< text
#          // its continuation, same column ->         ///< text
# It also drops C++14 digit separators (10'000 -> 10000): Doxygen 1.9 takes
# the quote for a character literal and loses the declarations that follow.
{
  while (match($0, /[0-9]'[0-9]/)) $0 = substr($0, 1, RSTART) substr($0, RSTART + 2)
  if (match($0, /^[ \t]*\/\/([^\/!].*)?$/)) {
    column = index($0, "//")
    sub(/\/\//, column == trailing ? "///<" : "///")
    if (column != trailing) trailing = 0
  } else if (match($0, /[;,{][ \t]+\/\/ /)) {
    trailing = RSTART + RLENGTH - 3
    prefix = substr($0, 1, trailing - 1)
    rest = substr($0, trailing)
    sub(/^\/\/ /, "///< ", rest)
    $0 = prefix rest
  } else {
    trailing = 0
  }
  print
}
