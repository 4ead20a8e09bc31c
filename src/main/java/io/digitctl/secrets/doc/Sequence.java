package io.digitctl.secrets.doc;

import java.util.ArrayList;
import java.util.List;

/** An ordered list; items may be {@link Comment}s. Nulls are allowed. */
public record Sequence(List<Object> items) {
    public Sequence {
        items = java.util.Collections.unmodifiableList(new ArrayList<>(items));
    }
}
