#ifndef QCTL_CARGUMENTS_H
#define QCTL_CARGUMENTS_H

/// The process's argc (into *count) and argv, as the C library passed them to the program's
/// initializers before main; 0 and NULL if that did not happen.
char **qctl_saved_arguments(int *count);

#endif
