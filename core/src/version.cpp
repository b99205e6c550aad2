#include <b44/version.hpp>

namespace b44 {

// Compiled into libb44core, so it reports the library's version at run time,
// whichever headers the caller was compiled with.
const char* version() noexcept { return B44_VERSION_STRING; }

}  // namespace b44
