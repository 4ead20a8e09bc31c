package io.digitctl.secrets.crypto;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Comment;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.Sequence;
import io.digitctl.secrets.doc.ValueCodec;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Walks the documents of a SOPS file in order, decrypting or encrypting each value that the rules
 * select (AAD: its key path joined with {@code :} plus a trailing {@code :}; list indexes never
 * count) and feeding the MAC: SHA-512 over the plaintext of every non-null, non-comment value
 * (only the encrypted ones with {@code mac_only_encrypted}), as upper-case hex.
 */
public final class TreeCipher {
    private static final byte[] MAC_ONLY_ENCRYPTED_PREFIX = sha256("sops");

    private final ValueCipher cipher;
    private final EncryptionRules rules;
    private final boolean macOnlyEncrypted;
    private final IvStash stash;

    public TreeCipher(ValueCipher cipher, EncryptionRules rules, boolean macOnlyEncrypted, IvStash stash) {
        this.cipher = cipher;
        this.rules = rules;
        this.macOnlyEncrypted = macOnlyEncrypted;
        this.stash = stash;
    }

    /** Documents and the MAC of their plaintext. */
    public record Result(List<Branch> documents, String mac) {
    }

    public Result decrypt(List<Branch> documents) {
        return walkAll(documents, true);
    }

    public Result encrypt(List<Branch> documents) {
        return walkAll(documents, false);
    }

    /** The MAC of plaintext documents, without encrypting them. */
    public String mac(List<Branch> plaintext) {
        MessageDigest digest = newMac();
        new Walk(false, digest, true).documents(plaintext);
        return HexFormat.of().withUpperCase().formatHex(digest.digest());
    }

    /** The stored MAC text: the MAC encrypted like a value, with {@code lastmodified} as AAD. */
    public String encryptMac(String mac, String lastModified) {
        return cipher.encrypt(mac.getBytes(StandardCharsets.UTF_8), lastModified, "str", null).text();
    }

    public String decryptMac(String encryptedMac, String lastModified) {
        try {
            return new String(cipher.decrypt(EncryptedValue.parse(encryptedMac), lastModified), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SopsValueException("sops:mac", "does not authenticate with this data key and lastmodified");
        } catch (IllegalArgumentException e) {
            throw new SopsValueException("sops:mac", "is malformed: " + e.getMessage());
        }
    }

    private Result walkAll(List<Branch> documents, boolean decrypting) {
        MessageDigest digest = newMac();
        List<Branch> out = new Walk(decrypting, digest, false).documents(documents);
        return new Result(out, HexFormat.of().withUpperCase().formatHex(digest.digest()));
    }

    private MessageDigest newMac() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            if (macOnlyEncrypted) {
                digest.update(MAC_ONLY_ENCRYPTED_PREFIX);
            }
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String aad(List<String> path) {
        return String.join(":", path) + ":";
    }

    /** One pass over the documents; {@code macOnly} computes the MAC of plaintext and changes nothing. */
    private final class Walk {
        private final boolean decrypting;
        private final MessageDigest mac;
        private final boolean macOnly;

        Walk(boolean decrypting, MessageDigest mac, boolean macOnly) {
            this.decrypting = decrypting;
            this.mac = mac;
            this.macOnly = macOnly;
        }

        List<Branch> documents(List<Branch> documents) {
            List<Branch> out = new ArrayList<>();
            for (Branch doc : documents) {
                out.add((Branch) node(doc, List.of(), false));
            }
            return out;
        }

        private Object node(Object value, List<String> path, boolean commentMatched) {
            if (value instanceof Branch branch) {
                return new Branch(items(branch.items(), path, commentMatched));
            }
            if (value instanceof Sequence sequence) {
                return new Sequence(items(sequence.items(), path, commentMatched));
            }
            return leaf(value, path, rules.encrypts(path, commentMatched));
        }

        /** The items of a branch or a list; a key extends the path, a list item does not. */
        private List<Object> items(List<Object> items, List<String> path, boolean commentMatched) {
            List<Object> out = new ArrayList<>();
            boolean matched = commentMatched;
            for (Object item : items) {
                if (item instanceof Comment c) {
                    Comment done = comment(c, path, matched);
                    matched |= rules.commentMatches(plainText(c, done));
                    out.add(done);
                } else if (item instanceof KeyValue kv) {
                    List<String> child = new ArrayList<>(path);
                    child.add(kv.key());
                    out.add(new KeyValue(kv.key(), node(kv.value(), child, matched)));
                } else {
                    out.add(node(item, path, matched));
                }
            }
            return out;
        }

        private String plainText(Comment before, Comment after) {
            return decrypting ? after.text() : before.text();
        }

        private Comment comment(Comment comment, List<String> path, boolean commentMatched) {
            boolean clear = rules.kind() == EncryptionRules.Kind.ENCRYPTED_COMMENT_REGEX && !decrypting
                    && rules.commentMatches(comment.text());
            if (macOnly || clear || !rules.encrypts(path, commentMatched) || comment.text().isEmpty()) {
                return comment;
            }
            String aad = aad(path);
            if (decrypting) {
                if (!EncryptedValue.looksEncrypted(comment.text())) {
                    return comment;
                }
                return (Comment) ValueCodec.decode("comment", open(comment.text(), aad));
            }
            byte[] plaintext = ValueCodec.encode(comment);
            return new Comment(cipher.encrypt(plaintext, aad, "comment", stash.recall(aad, "comment", plaintext)).text());
        }

        private Object leaf(Object value, List<String> path, boolean encrypted) {
            if (value == null) {
                return null;
            }
            if (!encrypted || macOnly) {
                if (!macOnlyEncrypted || (macOnly && encrypted)) {
                    mac.update(ValueCodec.encode(value));
                }
                return value;
            }
            if ("".equals(value)) {
                return value;
            }
            String aad = aad(path);
            if (decrypting) {
                if (!(value instanceof String text) || !EncryptedValue.looksEncrypted(text)) {
                    throw new SopsValueException(aad, "should be encrypted but is not; the file was edited without sops, "
                            + "or its encryption rules do not match it");
                }
                EncryptedValue encryptedValue = parse(text, aad);
                byte[] plaintext = decryptBytes(encryptedValue, aad);
                stash.remember(aad, encryptedValue.type(), plaintext, encryptedValue.iv());
                mac.update(plaintext);
                try {
                    return ValueCodec.decode(encryptedValue.type(), plaintext);
                } catch (IllegalArgumentException e) {
                    throw new SopsValueException(aad, "has type '" + encryptedValue.type() + "' but " + e.getMessage());
                }
            }
            byte[] plaintext = ValueCodec.encode(value);
            mac.update(plaintext);
            String type = ValueCodec.type(value);
            return cipher.encrypt(plaintext, aad, type, stash.recall(aad, type, plaintext)).text();
        }

        private byte[] open(String text, String aad) {
            return decryptBytes(parse(text, aad), aad);
        }

        private EncryptedValue parse(String text, String aad) {
            try {
                return EncryptedValue.parse(text);
            } catch (IllegalArgumentException e) {
                throw new SopsValueException(aad, "is malformed: " + e.getMessage());
            }
        }

        private byte[] decryptBytes(EncryptedValue value, String aad) {
            try {
                return cipher.decrypt(value, aad);
            } catch (AEADBadTagException e) {
                throw new SopsValueException(aad, "does not authenticate: it was changed, moved to another key, or "
                        + "encrypted with another data key");
            }
        }
    }
}
