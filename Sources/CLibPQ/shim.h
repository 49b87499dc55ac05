#ifndef QCTL_CLIBPQ_SHIM_H
#define QCTL_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
