# What `cmake --install` puts under the prefix (docs/install.md):
#   <libdir>/liboverlapped.so*, liboverlapped.a, liboverlapped_winmain.a
#   <includedir>/overlapped/win32/   the Win32 headers (mixed-case symlinks kept)
#   <includedir>/overlapped/ovl/     the C++ API headers
#   <libdir>/cmake/overlapped/       find_package(overlapped): overlapped::overlapped (library,
#                                    <includedir>/overlapped), overlapped::overlapped_static,
#                                    overlapped::win32 (+ the win32 include dir + WinMain shim)
#   <libdir>/pkgconfig/overlapped.pc Cflags -I<includedir>/overlapped/win32
#   <bindir>/ovl-cc, ovl-c++
# Components: "runtime" (the shared library) and "dev" (everything else), as the Debian
# packages split them.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/win32/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/overlapped/win32 COMPONENT dev)
# OPTIONAL: include/ovl/ has no headers yet (git keeps no empty directory).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ovl/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/overlapped/ovl COMPONENT dev OPTIONAL)

set(OVL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/overlapped)
install(EXPORT overlappedTargets NAMESPACE overlapped:: FILE overlappedTargets.cmake
  DESTINATION ${OVL_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/overlappedConfig.cmake.in
  ${PROJECT_BINARY_DIR}/overlappedConfig.cmake INSTALL_DESTINATION ${OVL_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/overlappedConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/overlappedConfig.cmake ${PROJECT_BINARY_DIR}/overlappedConfigVersion.cmake
  DESTINATION ${OVL_CMAKE_DIR} COMPONENT dev)

# overlapped.pc finds its prefix from its own location, so the tree can be installed anywhere
# (cmake --install build --prefix /some/where) without reconfiguring.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(OVL_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(OVL_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH OVL_PC_UP "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
  string(REGEX REPLACE "/$" "" OVL_PC_UP "${OVL_PC_UP}")
  set(OVL_PC_PREFIX "\${pcfiledir}/${OVL_PC_UP}")
  set(OVL_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(OVL_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(OVL_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/overlapped.pc.in ${PROJECT_BINARY_DIR}/overlapped.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/overlapped.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
