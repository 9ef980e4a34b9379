package org.hpcsweep.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The core types {@code GET /api/v2/coretypes/} lists: this machine's own ({@code local}) and Rescale's
 * common codes, so that a job written for Rescale ({@code coreType: hpc-3}) is accepted unchanged.
 * Whatever the code, a job runs on this machine's cores: the codes only shape which core counts a job
 * may ask for ({@code cores[]}, as Rescale offers them: powers of two below a node, half a node, a
 * node, and whole nodes after that). Cores per node are as Rescale's catalogue describes these types;
 * nothing here pretends to their processors or memory.
 */
final class CoreTypes {
    static final String LOCAL = "local";
    /** Whole nodes a Rescale type offers in its {@code cores[]}. */
    private static final int MAX_NODES = 16;

    /** One core type: its code, display name and cores per node. */
    record CoreType(String code, String name, int coresPerNode, List<Integer> cores) {
    }

    private static final Object[][] RESCALE = {
        {"emerald", "Emerald", 8},
        {"nickel", "Nickel", 16},
        {"onyx", "Onyx", 36},
        {"hpc-3", "HPC-3", 36},
        {"hpc-5", "HPC-5", 64},
        {"carbon", "Carbon", 64},
        {"granite", "Granite", 48},
        {"sapphire", "Sapphire", 32},
        {"zinc", "Zinc", 48},
        {"luna", "Luna", 44},
    };

    private final Map<String, CoreType> types = new LinkedHashMap<>();
    private final int machineCores;

    CoreTypes(int machineCores) {
        this.machineCores = machineCores;
        types.put(LOCAL, new CoreType(LOCAL, "Local machine", machineCores, localCores(machineCores)));
        for (Object[] t : RESCALE) {
            int perNode = (Integer) t[2];
            types.put((String) t[0], new CoreType((String) t[0], (String) t[1], perNode, nodeShapedCores(perNode)));
        }
    }

    Optional<CoreType> find(String code) {
        return Optional.ofNullable(types.get(code));
    }

    List<String> codes() {
        return List.copyOf(types.keySet());
    }

    int machineCores() {
        return machineCores;
    }

    /** Rescale's shape: {@code code, name, cores[], memory, displayOrder, isDeprecated, ...}. */
    List<Map<String, Object>> asJson() {
        List<Map<String, Object>> all = new ArrayList<>();
        int order = 1;
        for (CoreType t : types.values()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("code", t.code());
            json.put("name", t.name());
            json.put("cores", t.cores());
            // This machine's memory for every code: the job gets this machine whatever it asked for.
            json.put("memory", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            json.put("coresPerNode", t.coresPerNode());
            json.put("displayOrder", order++);
            json.put("isDeprecated", false);
            json.put("description", LOCAL.equals(t.code()) ? "This machine's cores"
                    : "Rescale's " + t.name() + " core type; on the embedded platform it runs on this machine's cores");
            all.add(json);
        }
        return all;
    }

    /** Powers of two up to this machine's cores, and the machine's own count. */
    static List<Integer> localCores(int cores) {
        List<Integer> allowed = new ArrayList<>();
        for (int c = 1; c < cores; c *= 2) {
            allowed.add(c);
        }
        allowed.add(cores);
        return List.copyOf(allowed);
    }

    static List<Integer> nodeShapedCores(int perNode) {
        TreeSet<Integer> cores = new TreeSet<>();
        for (int c = 1; c < perNode; c *= 2) {
            cores.add(c);
        }
        if (perNode % 2 == 0) {
            cores.add(perNode / 2);
        }
        for (int n = 1; n <= MAX_NODES; n++) {
            cores.add(n * perNode);
        }
        return List.copyOf(cores);
    }
}
