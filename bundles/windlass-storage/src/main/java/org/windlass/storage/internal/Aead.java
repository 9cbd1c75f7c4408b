package org.windlass.storage.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a random 96-bit nonce per encryption; the entry's path and type are bound in
 * as associated data, so a ciphertext copied to another path or type does not decrypt.
 * Layout: nonce (12 bytes) followed by ciphertext and 128-bit tag.
 */
final class Aead {

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aead() {
    }

    static byte[] encrypt(SecretKey key, byte[] plaintext, String aad) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws GeneralSecurityException when the key, the associated data or the bytes do not match */
    static byte[] decrypt(SecretKey key, byte[] data, String aad) throws GeneralSecurityException {
        if (data.length < NONCE + TAG_BITS / 8) {
            throw new GeneralSecurityException("ciphertext too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE));
        c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return c.doFinal(data, NONCE, data.length - NONCE);
    }
}
