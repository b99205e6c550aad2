#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
  return b44::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cin, std::cout,
                       std::cerr);
}
