package io.digitctl.secrets.doc;

import java.util.List;
import java.util.Optional;

/**
 * An ordered mapping of a SOPS document. Items are {@link KeyValue}s and {@link Comment}s, in
 * document order: SOPS keeps order and encrypts comments in place.
 */
public record Branch(List<Object> items) {

    public Branch {
        items = List.copyOf(items);
    }

    public Optional<Object> get(String key) {
        for (Object item : items) {
            if (item instanceof KeyValue kv && kv.key().equals(key)) {
                return Optional.ofNullable(kv.value());
            }
        }
        return Optional.empty();
    }

    public boolean containsKey(String key) {
        return items.stream().anyMatch(i -> i instanceof KeyValue kv && kv.key().equals(key));
    }

    public Branch without(String key) {
        return new Branch(items.stream().filter(i -> !(i instanceof KeyValue kv && kv.key().equals(key))).toList());
    }

    public List<KeyValue> entries() {
        return items.stream().filter(i -> i instanceof KeyValue).map(i -> (KeyValue) i).toList();
    }
}
