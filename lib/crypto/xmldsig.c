/* SPDX-License-Identifier: Apache-2.0 */
/* Enveloped XML signatures through xmlsec1-openssl, in one pinned form. */
#include "crypto/xmldsig.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <sevkit/error.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;
/*
 * One verification at a time: xmlsec1-openssl converts certificate times by setting TZ and
 * calling tzset(), process-wide state that two threads must not change at once.
 */
static pthread_mutex_t verifying = PTHREAD_MUTEX_INITIALIZER;

/* xmlsec reports from deep inside; the first report of a check is the one that names the cause. */
static _Thread_local char first_error[400];

static void on_error(const char *file, int line, const char *func, const char *object,
		     const char *subject, int reason, const char *msg)
{
	(void)file;
	(void)line;
	(void)func;
	(void)object;
	(void)subject;
	(void)reason;
	if (!first_error[0] && msg)
		snprintf(first_error, sizeof(first_error), "%s", msg);
}

/*
 * xmlsec's words for a failed certificate check are "X509_verify_cert: subject=S; issuer=I;
 * err=N; msg=M": keep "M (S)", which says what and whose.
 */
static void reason(char *why, size_t why_len)
{
	const char *msg = strstr(first_error, "msg="), *subject = strstr(first_error, "subject=");
	size_t subject_len = subject ? strcspn(subject + 8, ";") : 0;

	if (!first_error[0])
		snprintf(why, why_len, "the signature does not verify");
	else if (msg && subject)
		snprintf(why, why_len, "%s (%.*s)", msg + 4, (int)subject_len, subject + 8);
	else
		snprintf(why, why_len, "%s", first_error);
}

static void init(void)
{
	xmlInitParser();
	if (xmlSecInit() < 0 || xmlSecCheckVersion() != 1 || xmlSecCryptoAppInit(NULL) < 0 ||
	    xmlSecCryptoInit() < 0)
		init_rc = SEV_E_CRYPTO;
	xmlSecErrorsSetCallback(on_error);
}

int sk_xmldsig_init(void)
{
	pthread_once(&once, init);
	return init_rc;
}

static size_t count_signatures(xmlNode *n)
{
	size_t k = 0;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		k += xmlSecCheckNodeName(n, xmlSecNodeSignature, xmlSecDSigNs) == 1;
		k += count_signatures(n->children);
	}
	return k;
}

static int allow_transforms(xmlSecDSigCtxPtr ctx)
{
	return xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformInclC14N11Id) < 0 ||
	       xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformEcdsaSha384Id) < 0 ||
	       xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformEnvelopedId) < 0 ||
	       xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformInclC14N11Id) < 0 ||
	       xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformSha384Id) < 0 ||
	       xmlSecPtrListAdd(&ctx->keyInfoReadCtx.enabledKeyData,
				(xmlSecPtr)xmlSecKeyDataX509Id) < 0;
}

static int check(xmlSecDSigCtxPtr ctx, xmlNodePtr sig, time_t at, char *why, size_t why_len)
{
	bool ok;

	ctx->keyInfoReadCtx.certsVerificationTime = at;
	ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
	if (allow_transforms(ctx)) {
		snprintf(why, why_len, "xmlsec refused the pinned algorithms");
		return SEV_E_CRYPTO;
	}
	pthread_mutex_lock(&verifying);
	ok = xmlSecDSigCtxVerify(ctx, sig) >= 0 && ctx->status == xmlSecDSigStatusSucceeded;
	pthread_mutex_unlock(&verifying);
	if (!ok) {
		reason(why, why_len);
		return SEV_E_VERIFY;
	}
	if (xmlSecPtrListGetSize(&ctx->signedInfoReferences) != 1) {
		snprintf(why, why_len, "the signature has more than one reference");
		return SEV_E_FORMAT;
	}
	return 0;
}

int sk_xmldsig_verify(struct _xmlDoc *doc, const uint8_t *root_pem, size_t root_len, time_t at,
		      char *why, size_t why_len)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), sig;
	xmlSecKeysMngrPtr mngr = NULL;
	xmlSecDSigCtxPtr ctx = NULL;
	int rc = SEV_E_CRYPTO;

	why[0] = 0;
	if (sk_xmldsig_init()) {
		snprintf(why, why_len, "xmlsec1 could not be initialised");
		return init_rc;
	}
	first_error[0] = 0;
	sig = root ? xmlSecFindChild(root, xmlSecNodeSignature, xmlSecDSigNs) : NULL;
	if (!sig || count_signatures(root) != 1) {
		snprintf(why, why_len, "not exactly one XML signature, child of the root element");
		return SEV_E_FORMAT;
	}
	mngr = xmlSecKeysMngrCreate();
	if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0 ||
	    xmlSecCryptoAppKeysMngrCertLoadMemory(mngr, root_pem, (xmlSecSize)root_len,
						  xmlSecKeyDataFormatPem,
						  xmlSecKeyDataTypeTrusted) < 0 ||
	    !(ctx = xmlSecDSigCtxCreate(mngr)))
		snprintf(why, why_len, "xmlsec1 could not load the trusted root");
	else
		rc = check(ctx, sig, at, why, why_len);
	if (ctx)
		xmlSecDSigCtxDestroy(ctx);
	if (mngr)
		xmlSecKeysMngrDestroy(mngr);
	return rc;
}
