#ifndef QCTL_CLMDB_SHIM_H
#define QCTL_CLMDB_SHIM_H
#include <lmdb.h>
#endif
