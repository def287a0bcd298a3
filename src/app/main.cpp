#include "app/cli.hpp"

int main(int argc, char** argv) { return mocua::app::RunCli(argc, argv); }
