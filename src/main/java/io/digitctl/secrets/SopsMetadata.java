package io.digitctl.secrets;

import io.digitctl.secrets.crypto.EncryptionRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code sops} block: who can open the data key, how the values were chosen for encryption,
 * and the MAC. Read leniently as sops reads it (unknown keys ignored, missing, null and empty lists
 * alike, numbers and booleans that arrive as strings accepted).
 */
public record SopsMetadata(List<KeyGroup> keyGroups, int shamirThreshold, String lastModified, String mac,
                           EncryptionRules rules, boolean macOnlyEncrypted, String version) {

    /** One group of recipients; every recipient in it holds the same data key (or Shamir share). */
    public record KeyGroup(List<Recipient.Age> age, List<Recipient.Pgp> pgp, List<Recipient.Cloud> cloud) {
        public boolean isEmpty() {
            return age.isEmpty() && pgp.isEmpty() && cloud.isEmpty();
        }

        public List<Recipient> all() {
            List<Recipient> all = new ArrayList<>(age);
            all.addAll(pgp);
            all.addAll(cloud);
            return all;
        }
    }

    private static final String[] CLOUD_TYPES = {"kms", "gcp_kms", "hckms", "azure_kv", "hc_vault"};

    public static SopsMetadata parse(Map<String, Object> block) {
        List<KeyGroup> groups = new ArrayList<>();
        KeyGroup topLevel = group(block);
        if (!topLevel.isEmpty()) {
            groups.add(topLevel);
        } else {
            for (Object g : list(block.get("key_groups"))) {
                if (g instanceof Map<?, ?> m) {
                    groups.add(group(castMap(m)));
                }
            }
        }
        if (groups.isEmpty() || groups.stream().allMatch(KeyGroup::isEmpty)) {
            throw new IllegalArgumentException("the sops block names no recipient (no age, pgp or KMS entry)");
        }
        int threshold = (int) number(block.get("shamir_threshold"));
        String lastModified = text(block.get("lastmodified"));
        return new SopsMetadata(groups, threshold, lastModified, text(block.get("mac")), EncryptionRules.from(block),
                bool(block.get("mac_only_encrypted")), text(block.get("version")));
    }

    private static KeyGroup group(Map<String, Object> map) {
        List<Recipient.Age> age = new ArrayList<>();
        for (Map<String, Object> e : entries(map.get("age"))) {
            age.add(new Recipient.Age(text(e.get("recipient")), text(e.get("enc"))));
        }
        List<Recipient.Pgp> pgp = new ArrayList<>();
        for (Map<String, Object> e : entries(map.get("pgp"))) {
            pgp.add(new Recipient.Pgp(text(e.get("fp")), text(e.get("created_at")), text(e.get("enc"))));
        }
        List<Recipient.Cloud> cloud = new ArrayList<>();
        for (String type : CLOUD_TYPES) {
            for (Map<String, Object> e : entries(map.get(type))) {
                cloud.add(new Recipient.Cloud(type, e));
            }
        }
        return new KeyGroup(age, pgp, cloud);
    }

    /** The block as sops 3.13 writes it: keys sorted, empty lists left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new TreeMap<>();
        if (keyGroups.size() == 1) {
            out.putAll(groupMap(keyGroups.get(0)));
        } else {
            List<Object> groups = new ArrayList<>();
            keyGroups.forEach(g -> groups.add(groupMap(g)));
            out.put("key_groups", groups);
        }
        if (shamirThreshold > 0) {
            out.put("shamir_threshold", (long) shamirThreshold);
        }
        out.put("lastmodified", lastModified);
        out.put("mac", mac);
        out.put(rules.kind().field(), rules.value());
        if (macOnlyEncrypted) {
            out.put("mac_only_encrypted", true);
        }
        out.put("version", version);
        return out;
    }

    private static Map<String, Object> groupMap(KeyGroup group) {
        Map<String, Object> out = new TreeMap<>();
        if (!group.age().isEmpty()) {
            List<Object> list = new ArrayList<>();
            group.age().forEach(a -> list.add(sorted(Map.of("recipient", a.recipient(), "enc", a.enc()))));
            out.put("age", list);
        }
        if (!group.pgp().isEmpty()) {
            List<Object> list = new ArrayList<>();
            group.pgp().forEach(p -> list.add(sorted(Map.of("fp", p.fingerprint(), "created_at", p.createdAt(), "enc", p.enc()))));
            out.put("pgp", list);
        }
        for (Recipient.Cloud c : group.cloud()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) out.computeIfAbsent(c.type(), k -> new ArrayList<>());
            list.add(sorted(c.fields()));
        }
        return out;
    }

    private static Map<String, Object> sorted(Map<String, ?> map) {
        return new TreeMap<>(map);
    }

    public SopsMetadata withMac(String newLastModified, String newMac, String newVersion) {
        return new SopsMetadata(keyGroups, shamirThreshold, newLastModified, newMac, rules, macOnlyEncrypted, newVersion);
    }

    public List<Recipient> recipients() {
        return keyGroups.stream().flatMap(g -> g.all().stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static List<Object> list(Object value) {
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of();
    }

    private static List<Map<String, Object>> entries(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list(value)) {
            if (item instanceof Map<?, ?> m) {
                out.add(new LinkedHashMap<>(castMap(m)));
            }
        }
        return out;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static long number(Object value) {
        if (value instanceof Number n) return n.longValue();
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shamir_threshold '" + s + "' is not a number");
            }
        }
        return 0;
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) return b;
        return value instanceof String s && (s.equalsIgnoreCase("true") || s.equals("1"));
    }
}
