# Installation as a package: `cmake --install` gives find_package(schemac)
# (lib/cmake/schemac: config, version, exported targets, schemac_generate)
# and pkg-config (lib/pkgconfig/schemac.pc). Included by the top-level
# CMakeLists.txt after the runtime and generator targets exist.
include(CMakePackageConfigHelpers)

set(SCHEMAC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/schemac)

install(EXPORT schemacTargets
  NAMESPACE schemac::
  FILE schemacTargets.cmake
  DESTINATION ${SCHEMAC_CMAKE_DIR})

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/schemacConfig.cmake.in
  ${PROJECT_BINARY_DIR}/schemacConfig.cmake
  INSTALL_DESTINATION ${SCHEMAC_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR)
# 0.x: a new minor version may break the API.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/schemacConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/schemacConfig.cmake
  ${PROJECT_BINARY_DIR}/schemacConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/schemacGenerate.cmake
  DESTINATION ${SCHEMAC_CMAKE_DIR})

# pkg-config: paths relative to the .pc file, so the installed tree can be
# moved (and `cmake --install --prefix` elsewhere works).
set(SCHEMAC_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${SCHEMAC_PC_DIR}")
  set(SCHEMAC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH up /schemac_root/${SCHEMAC_PC_DIR} /schemac_root)
  string(REGEX REPLACE "/$" "" up "${up}")
  set(SCHEMAC_PC_PREFIX "\${pcfiledir}/${up}")
endif()
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(SCHEMAC_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(SCHEMAC_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/schemac.pc.in ${PROJECT_BINARY_DIR}/schemac.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/schemac.pc DESTINATION ${SCHEMAC_PC_DIR})
