package io.digitctl.secrets.keys;

import io.digitctl.model.DigitctlException;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PGP keys from armored files. sops addresses a message to the recipient's encryption subkey while
 * naming the primary key's fingerprint, so a secret key is found by the key id in the message, and
 * a public key by the fingerprint of its primary key.
 */
public final class PgpKeys {
    private static final Provider BC = new BouncyCastleProvider();
    private static final Pattern ARMOR_BLOCK = Pattern.compile(
            "-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----.*?-----END PGP \\1 KEY BLOCK-----", Pattern.DOTALL);

    private final List<PGPSecretKeyRing> secretRings;
    private final List<PGPPublicKeyRing> publicRings;
    private final List<String> searched;
    private final KeySettings settings;

    private PgpKeys(List<PGPSecretKeyRing> secretRings, List<PGPPublicKeyRing> publicRings, List<String> searched, KeySettings settings) {
        this.secretRings = secretRings;
        this.publicRings = publicRings;
        this.searched = searched;
        this.settings = settings;
    }

    public static PgpKeys load(KeySettings settings) {
        List<PGPSecretKeyRing> secrets = new ArrayList<>();
        List<PGPPublicKeyRing> publics = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        List<Path> files = settings.allPgpKeyFiles();
        if (files.isEmpty()) {
            searched.add("PGP key files (none given: use --pgp-key FILE or DIGITCTL_PGP_KEY_FILE; digitctl does not read gpg's keyring, "
                    + "export the key with 'gpg --export-secret-keys --armor FINGERPRINT > key.asc')");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new DigitctlException("PGP key file " + file + " does not exist.");
            }
            try {
                String text = Files.readString(file, StandardCharsets.US_ASCII);
                Matcher m = ARMOR_BLOCK.matcher(text);
                int before = secrets.size() + publics.size();
                while (m.find()) {
                    readBlock(m.group(), secrets, publics);
                }
                searched.add(file + " (" + (secrets.size() + publics.size() - before) + " key rings)");
            } catch (IOException | PGPException e) {
                throw new DigitctlException("Cannot read PGP keys from " + file + ": " + e.getMessage()
                        + ". Give an ASCII-armored key file (gpg --export-secret-keys --armor).");
            }
        }
        return new PgpKeys(secrets, publics, searched, settings);
    }

    private static void readBlock(String armored, List<PGPSecretKeyRing> secrets, List<PGPPublicKeyRing> publics)
            throws IOException, PGPException {
        InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)));
        JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
        for (Object o : factory) {
            if (o instanceof PGPSecretKeyRing ring) {
                secrets.add(ring);
            } else if (o instanceof PGPPublicKeyRing ring) {
                publics.add(ring);
            }
        }
    }

    public List<String> searched() {
        return searched;
    }

    /** The payload of an armored message, or null when no loaded secret key is the one it is addressed to. */
    public byte[] unwrap(String armored) {
        try {
            InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)));
            JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
            Object o = factory.nextObject();
            while (o != null && !(o instanceof PGPEncryptedDataList)) {
                o = factory.nextObject();
            }
            if (o == null) {
                return null;
            }
            for (Iterator<PGPEncryptedData> it = ((PGPEncryptedDataList) o).getEncryptedDataObjects(); it.hasNext(); ) {
                if (it.next() instanceof PGPPublicKeyEncryptedData data) {
                    PGPSecretKey secret = secretKey(data.getKeyIdentifier());
                    if (secret != null) {
                        return read(data, privateKey(secret));
                    }
                }
            }
            return null;
        } catch (IOException | PGPException e) {
            return null;
        }
    }

    private PGPSecretKey secretKey(org.bouncycastle.bcpg.KeyIdentifier keyId) {
        for (PGPSecretKeyRing ring : secretRings) {
            PGPSecretKey key = ring.getSecretKey(keyId);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    private PGPPrivateKey privateKey(PGPSecretKey secret) throws PGPException {
        try {
            return secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder(
                    new JcaPGPDigestCalculatorProviderBuilder().setProvider(BC).build()).setProvider(BC).build(new char[0]));
        } catch (PGPException unprotectedFailed) {
            char[] passphrase = settings.pgpPassphrase();
            if (passphrase == null) {
                throw new DigitctlException("The PGP key " + Long.toHexString(secret.getKeyID()).toUpperCase(Locale.ROOT)
                        + " is protected by a passphrase: set DIGITCTL_PGP_PASSPHRASE or run on a terminal to be asked.");
            }
            try {
                return secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder(
                        new JcaPGPDigestCalculatorProviderBuilder().setProvider(BC).build()).setProvider(BC).build(passphrase));
            } catch (PGPException wrong) {
                throw new DigitctlException("The passphrase does not open the PGP key "
                        + Long.toHexString(secret.getKeyID()).toUpperCase(Locale.ROOT) + ".");
            }
        }
    }

    private static byte[] read(PGPPublicKeyEncryptedData data, PGPPrivateKey key) throws PGPException, IOException {
        InputStream clear = data.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().setProvider(BC).build(key));
        JcaPGPObjectFactory factory = new JcaPGPObjectFactory(clear);
        Object message = factory.nextObject();
        if (message instanceof PGPCompressedData compressed) {
            factory = new JcaPGPObjectFactory(compressed.getDataStream());
            message = factory.nextObject();
        }
        if (!(message instanceof PGPLiteralData literal)) {
            throw new PGPException("the message holds no literal data");
        }
        byte[] payload = literal.getInputStream().readAllBytes();
        if (data.isIntegrityProtected() && !data.verify()) {
            throw new PGPException("the message fails its integrity check");
        }
        return payload;
    }

    /** An armored message with the payload for the key whose primary fingerprint is given. */
    public String wrap(byte[] payload, String fingerprint) {
        PGPPublicKey key = encryptionKey(fingerprint);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
                PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(new JcePGPDataEncryptorBuilder(
                        SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()).setProvider(BC));
                generator.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(key).setProvider(BC));
                try (OutputStream encrypted = generator.open(armor, new byte[4096])) {
                    PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
                    try (OutputStream out = literal.open(encrypted, PGPLiteralData.BINARY, "", payload.length, new Date())) {
                        out.write(payload);
                    }
                }
            }
            return bytes.toString(StandardCharsets.US_ASCII).strip();
        } catch (IOException | PGPException e) {
            throw new DigitctlException("Cannot encrypt to PGP key " + fingerprint + ": " + e.getMessage());
        }
    }

    /** The encryption subkey (or an encryption-capable primary) of the key with this fingerprint. */
    private PGPPublicKey encryptionKey(String fingerprint) {
        String wanted = fingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
        List<PGPPublicKeyRing> rings = new ArrayList<>(publicRings);
        for (PGPSecretKeyRing s : secretRings) {
            List<PGPPublicKey> keys = new ArrayList<>();
            s.getPublicKeys().forEachRemaining(keys::add);
            rings.add(new PGPPublicKeyRing(keys));
        }
        for (PGPPublicKeyRing ring : rings) {
            PGPPublicKey primary = ring.getPublicKey();
            if (!HexFormat.of().withUpperCase().formatHex(primary.getFingerprint()).equals(wanted)) {
                continue;
            }
            PGPPublicKey chosen = null;
            for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
                PGPPublicKey k = it.next();
                if (k.isEncryptionKey() && !k.hasRevocation() && (chosen == null || !k.isMasterKey())) {
                    chosen = k;
                }
            }
            if (chosen != null) {
                return chosen;
            }
            throw new DigitctlException("PGP key " + fingerprint + " has no key that can encrypt.");
        }
        throw new DigitctlException("No PGP public key " + fingerprint + " among the keys given (" + String.join("; ", searched)
                + "). Export it with 'gpg --export --armor " + fingerprint + " > key.asc' and pass it with --pgp-key.");
    }
}
