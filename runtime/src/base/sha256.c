/* sc_sha256_hex (schemac/sha256.h) over libcrypto's one-shot digest. */
#include "base/base.h"

#include <openssl/evp.h>

#include <schemac/sha256.h>

sc_status sc_sha256_hex(const void *data, size_t len, char out[SC_SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	out[0] = '\0';
	if (!EVP_Digest(len ? data : "", len, md, &mdlen, EVP_sha256(), NULL) ||
	    mdlen * 2 != SC_SHA256_HEX_LEN)
		return sc__tls_err(SC_ERROR, "SHA-256 failed (libcrypto)");
	for (unsigned int i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[SC_SHA256_HEX_LEN] = '\0';
	return SC_OK;
}
