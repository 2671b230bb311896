# The error table and message texts (src/sys/errno_map.*, src/sys/error_text.*).
# Included from tests/core/CMakeLists.txt: include(${CMAKE_CURRENT_LIST_DIR}/errno_map.cmake)
find_package(GTest REQUIRED)
include(GoogleTest)
add_executable(errno_map_test
  ${CMAKE_CURRENT_LIST_DIR}/errno_map_test.cpp
  ${PROJECT_SOURCE_DIR}/src/sys/errno_map.cpp
  ${PROJECT_SOURCE_DIR}/src/sys/error_text.cpp)
target_include_directories(errno_map_test PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(errno_map_test PRIVATE GTest::gtest_main)
gtest_discover_tests(errno_map_test DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 30)
