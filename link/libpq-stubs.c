/*
 * GSSAPI and LDAP for Debian's static libpq.a, which calls both, while Debian ships neither as a
 * static library. These report both unavailable: with no credentials gssencmode=prefer goes on
 * with TLS or plain, and an ldap:// line of a service file fails with libpq's own "could not
 * create LDAP structure". `make deps` builds them into the static libpq set only, never with
 * libpq.so or libgssapi_krb5.so (an executable's gss_* would stand in for theirs). Parameters a
 * stub ignores are left out of its list: the caller's extra arguments are harmless in the x86-64
 * and AArch64 calling conventions.
 */
#include <stddef.h>
#include <stdint.h>

typedef struct { size_t length; void *value; } buffer;

enum { GSS_FAILURE = 13u << 16, GSS_CODE = 1, LDAP_NOT_SUPPORTED = -12 };
void *GSS_C_NT_HOSTBASED_SERVICE = NULL;

uint32_t gss_acquire_cred(uint32_t *minor) { *minor = 0; return GSS_FAILURE; }
uint32_t gss_import_name(uint32_t *minor) { *minor = 0; return GSS_FAILURE; }
uint32_t gss_init_sec_context(uint32_t *minor) { *minor = 0; return GSS_FAILURE; }
uint32_t gss_wrap(uint32_t *minor) { *minor = 0; return GSS_FAILURE; }
uint32_t gss_unwrap(uint32_t *minor) { *minor = 0; return GSS_FAILURE; }
uint32_t gss_wrap_size_limit(uint32_t *minor) { *minor = 0; return GSS_FAILURE; }
uint32_t gss_delete_sec_context(uint32_t *minor) { *minor = 0; return 0; }
uint32_t gss_release_cred(uint32_t *minor) { *minor = 0; return 0; }
uint32_t gss_release_name(uint32_t *minor) { *minor = 0; return 0; }
/* Only gss_display_status's text reaches libpq: nothing to free. */
uint32_t gss_release_buffer(uint32_t *minor, buffer *b) { *minor = 0; b->length = 0; b->value = NULL; return 0; }
uint32_t gss_display_status(uint32_t *minor, uint32_t status, int type, void *mech, uint32_t *more, buffer *out) {
    static char text[] = "GSSAPI is not available in this build";
    (void)status; (void)mech;
    *minor = 0; *more = 0;
    if (type != GSS_CODE) return GSS_FAILURE;
    out->length = sizeof text - 1; out->value = text;
    return 0;
}

void *ldap_init(void) { return NULL; }
char *ldap_err2string(int error) { (void)error; return "LDAP is not available in this build"; }
int ldap_set_option(void) { return LDAP_NOT_SUPPORTED; }
int ldap_simple_bind(void) { return -1; }
int ldap_search_st(void) { return LDAP_NOT_SUPPORTED; }
int ldap_result(void) { return -1; }
int ldap_count_entries(void) { return -1; }
void *ldap_first_entry(void) { return NULL; }
void *ldap_get_values_len(void) { return NULL; }
void ldap_value_free_len(void) {}
int ldap_msgfree(void) { return 0; }
int ldap_unbind(void) { return 0; }
