package org.hpcsweep.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The {@code profiles:} section of a study file: what must differ per engine, written once each
 * (e.g. {@code profiles: {slurm: {walltime: 2}, rescale: {coreType: hpc-3}}}), like Nextflow's
 * profiles. The profile of the engine in use is laid over the {@code job:} section: its keys replace
 * the job's, and its {@code env} adds to the job's. Every profile's keys are checked, used or not.
 */
final class Profiles {
    /** The engines a profile can be for (hpcsweep.engine). */
    static final Set<String> ENGINES = Set.of("rescale", "slurm");

    private Profiles() {
    }

    /** The job section as the engine {@code engine} (null: none known) runs it. */
    static JsonNode jobFor(JsonNode root, String engine, StudyFields fields) {
        JsonNode job = root.get("job");
        JsonNode profiles = root.get("profiles");
        if (profiles == null || profiles.isNull()) {
            return job;
        }
        fields.requireObject(profiles, "profiles", ENGINES);
        for (Iterator<Map.Entry<String, JsonNode>> it = profiles.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> profile = it.next();
            fields.requireObject(profile.getValue(), "profiles." + profile.getKey(), JobSection.KEYS);
        }
        JsonNode chosen = engine == null ? null : profiles.get(engine);
        if (chosen == null || job == null || !job.isObject()) {
            return job;
        }
        ObjectNode merged = ((ObjectNode) job).deepCopy();
        chosen.fields().forEachRemaining(e -> {
            JsonNode mine = merged.get(e.getKey());
            if (e.getKey().equals("env") && mine != null && mine.isObject() && e.getValue().isObject()) {
                ((ObjectNode) mine).setAll((ObjectNode) e.getValue());
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        return merged;
    }
}
