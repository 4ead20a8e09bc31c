package io.digitctl.secrets;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;

/** A fresh age key pair for a test, and its identity file. */
record AgeTestKeys(String identity, String recipient) {

    static AgeTestKeys generate() {
        try {
            KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            return new AgeTestKeys(pair.getPrivate().toString(), pair.getPublic().toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path writeIdentity(Path dir) {
        try {
            return Files.writeString(dir.resolve("age-" + recipient.substring(4, 12) + ".txt"), "# test key\n" + identity + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
