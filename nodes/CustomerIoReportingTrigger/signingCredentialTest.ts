import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * The credential modal's Test for a Signing Key credential. Customer.io offers no call that
 * checks a signing key, so this checks what a paste can get wrong; the key never appears in
 * the answer.
 */
export async function customerIoReportingSigningApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const key = String(credential.data?.signingKey ?? '').trim();
	if (!key) return { status: 'Error', message: "Paste the reporting webhook's Signing Key" };
	if (/\s/.test(key)) return { status: 'Error', message: 'The key contains spaces or line breaks: paste only the Signing Key' };
	return {
		status: 'OK',
		message: 'Key saved. It cannot be checked until Customer.io sends an event: a wrong key shows as 401 answers in the webhook\'s activity',
	};
}
