package org.windlass.logstore.s3.internal;

import java.nio.charset.StandardCharsets;

import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.SecretResolver;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The access key id and secret from key storage, read when a request needs them (kept for a
 * minute), so that a store whose keys are stored after it starts, or are replaced, just works.
 */
final class KeyStorageCredentials implements AwsCredentialsProvider {

    private static final long KEEP_NANOS = 60_000_000_000L;

    private final SecretResolver secrets;
    private final String accessPath;
    private final String secretPath;
    private volatile AwsCredentials credentials;
    private volatile long readAt;

    KeyStorageCredentials(SecretResolver secrets, String accessPath, String secretPath) {
        this.secrets = secrets;
        this.accessPath = accessPath;
        this.secretPath = secretPath;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        AwsCredentials c = credentials;
        if (c != null && System.nanoTime() - readAt < KEEP_NANOS) {
            return c;
        }
        c = AwsBasicCredentials.create(read(accessPath, "access key id"), read(secretPath, "secret access key"));
        credentials = c;
        readAt = System.nanoTime();
        return c;
    }

    private String read(String path, String what) {
        try {
            return new String(secrets.read(path), StandardCharsets.UTF_8).trim();
        } catch (KeyNotFoundException e) {
            throw SdkClientException.create("there is no " + what + " at " + path + " in key storage");
        } catch (RuntimeException e) {
            throw SdkClientException.create("cannot read the " + what + " at " + path + " from key storage: " + e.getMessage(), e);
        }
    }
}
