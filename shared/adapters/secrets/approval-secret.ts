// Reads the approval-link signing key: from Secrets Manager on AWS, from a file for local runs and tests.
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MIN_SECRET_BYTES } from '../../domain/approval-token.ts';
import { ValidationError } from '../../domain/errors.ts';

export type ApprovalSecretSource = { secretArn: string; endpoint?: string | undefined } | { file: string };

/**
 * The signing key as bytes (the secret's UTF-8 text, or a file's base64 content), at least 32 bytes.
 * Called once per cold start; the key never appears in configuration, code or logs.
 */
export async function loadApprovalSecret(source: ApprovalSecretSource): Promise<Buffer> {
  let secret: Buffer;
  if ('file' in source) {
    secret = Buffer.from(readFileSync(source.file, 'utf8').trim(), 'base64');
  } else {
    const client = new SecretsManagerClient({
      ...(source.endpoint !== undefined
        ? { endpoint: source.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
      region: process.env.AWS_REGION ?? 'us-east-1',
    });
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: source.secretArn }));
    client.destroy();
    secret = Buffer.from(SecretString ?? '', 'utf8');
  }
  if (secret.length < MIN_SECRET_BYTES) {
    throw new ValidationError(`the approval signing secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return secret;
}
