# b44_add_adapter(<name> SOURCES <files...> [OUTPUT_DIRECTORY <dir>])
#
# Builds an adapter as a shared library named b44_adapter_<name>.so with hidden
# visibility (only the manifest and the factory are exported), linked against
# the plugin SDK. Used in this tree and, after find_package(b44), by
# third-party adapters.
function(b44_add_adapter name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  set(target b44_adapter_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  elseif(DEFINED B44_ADAPTER_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${B44_ADAPTER_OUTPUT_DIR})
  endif()
  if(TARGET b44_plugin)
    target_link_libraries(${target} PRIVATE b44_plugin b44_warnings)
  else()
    target_link_libraries(${target} PRIVATE b44::plugin)
  endif()
  # Adapters export nothing but their manifest and factory, and must not
  # leave symbols unresolved until first call.
  target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,-z,now)
endfunction()
