package org.hpcsweep.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Tells a misspelt {@code --set} key from a known one. A typo such as {@code hpcsweep.outptu} would
 * otherwise be taken silently and the default used, so the run writes where the user did not ask.
 * Only {@code hpcsweep.*} keys are checked: Camel's own ({@code camel.*}) are too many to list here.
 */
final class SettingKeys {
    private SettingKeys() {
    }

    /** Why the key is refused, naming the closest known key; empty when it is known or not ours to check. */
    static Optional<String> refusal(String key, Collection<String> known) {
        if (!key.startsWith("hpcsweep.") || known.contains(key)) {
            return Optional.empty();
        }
        String closest = known.stream().min(Comparator.comparingInt((String k) -> distance(key, k)).thenComparing(k -> k))
                .orElse("");
        return Optional.of("unknown setting '" + key + "'" + (closest.isEmpty() ? "" : "; did you mean '" + closest + "'?")
                + " (the settings are those in config/application.properties)");
    }

    /** Levenshtein distance: the fewest single-character edits from a to b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
