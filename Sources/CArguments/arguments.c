// The command line for Swift's `CommandLine.arguments`, captured at start-up.
//
// On Linux the Swift runtime finds argv in a static initializer of its own (ArgvGrabber in
// CommandLine.cpp) that reads /proc/self/maps with fopen and sscanf to locate the stack, in
// every process before main: about 56,000 instructions and the kernel's rendering of the map.
// glibc hands argc and argv to each .preinit_array entry instead. Defining the runtime's
// accessor, _swift_stdlib_getUnsafeArgvArgc, here keeps that object file out of the static
// release link: a linker takes an archive member only for a symbol still undefined. In the
// dynamic debug build libswiftCore.so keeps its own accessor (internal to it), and this one
// goes unused. docs/decisions.md has the figures.
#include "carguments.h"

static int saved_count;
static char **saved_arguments;

static void save_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    saved_count = argc;
    saved_arguments = argv;
}

__attribute__((section(".preinit_array"), used))
static void (*const save_arguments_entry)(int, char **, char **) = save_arguments;

char **qctl_saved_arguments(int *count) {
    *count = saved_count;
    return saved_arguments;
}

// The runtime's declaration: SWIFT_CC(swift) char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen).
__attribute__((swiftcall)) char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    return qctl_saved_arguments(outArgLen);
}
