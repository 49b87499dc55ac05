#ifndef QCTL_CLIBPQ_SHIM_H
#define QCTL_CLIBPQ_SHIM_H
// libpq-dev's headers, by a path that needs no -I: a pkgConfig "libpq" would also link libpq.so.
#include <postgresql/libpq-fe.h>
#endif
