#ifndef QCTL_CYAML_SHIM_H
#define QCTL_CYAML_SHIM_H
#include <yaml.h>
#endif
