package org.hpcsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The engine contract holds: every engine (a folder routes/engine-NAME/ on the class path) has a
 * route consuming each {@link EngineStep}'s endpoint, and the flow (routes/flow/) calls the engine
 * only at those endpoints, so that a new step cannot be called without joining the contract.
 */
class EngineContractTest {
    private static final Pattern ENGINE_FOLDER = Pattern.compile("routes/engine-([a-z0-9]+)/[^/]+\\.yaml$");
    private static final Pattern ENGINE_CALL = Pattern.compile("direct:\\{\\{hpcsweep\\.engine}}-([a-z0-9-]+)");

    @Test
    void should_have_every_engine_consume_every_step() throws Exception {
        Map<String, List<Resource>> engines = engineRoutes();
        assertTrue(engines.keySet().containsAll(Set.of("rescale", "slurm")), "engines found: " + engines.keySet());
        for (Map.Entry<String, List<Resource>> engine : engines.entrySet()) {
            Set<String> consumed = consumedEndpoints(engine.getValue());
            List<String> missing = new ArrayList<>();
            for (EngineStep step : EngineStep.values()) {
                if (!consumed.contains(step.endpoint(engine.getKey()))) {
                    missing.add(step.endpoint(engine.getKey()));
                }
            }
            assertTrue(missing.isEmpty(), "engine " + engine.getKey() + " has no route from " + missing + "; its routes consume "
                    + consumed);
        }
    }

    @Test
    void should_have_the_flow_call_the_engine_only_at_its_steps() throws Exception {
        Set<String> called = new TreeSet<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Collection<Resource> flow = PluginHelper.getPackageScanResourceResolver(camel).findResources("classpath:routes/flow/*.yaml");
            assertFalse(flow.isEmpty(), "no routes/flow/*.yaml on the class path");
            for (Resource file : flow) {
                // Every string of the file, not only `to:`: an engine endpoint reached through toD, enrich,
                // a routing slip or a parameter block must join the contract just the same.
                try (InputStream in = file.getInputStream()) {
                    strings(new ObjectMapper(new YAMLFactory()).readTree(in), text -> {
                        Matcher call = ENGINE_CALL.matcher(text);
                        while (call.find()) {
                            called.add(call.group(1));
                            assertNotNull(EngineStep.named(call.group(1)), file.getLocation() + " calls " + call.group()
                                    + ", which is no EngineStep: add the step to EngineStep (and to every engine)");
                        }
                    });
                }
            }
        }
        Set<String> steps = new TreeSet<>();
        EnumSet.allOf(EngineStep.class).forEach(step -> steps.add(step.stepName()));
        assertEquals(steps, called, "the flow calls every step of the contract, and no other");
    }

    @Test
    void should_name_each_endpoint_after_its_engine_and_step() {
        assertEquals("direct:slurm-job-status", EngineStep.JOB_STATUS.endpoint("slurm"));
        assertEquals("direct:rescale-job-stop", EngineStep.STOP_JOB.endpoint("rescale"));
        assertEquals(EngineStep.LIST_STATUSES, EngineStep.named("list-statuses"));
    }

    /** The route files of each engine folder on the class path, by engine name. */
    private static Map<String, List<Resource>> engineRoutes() throws Exception {
        Map<String, List<Resource>> engines = new TreeMap<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            // The resolver takes wildcards in file names only, so every route file is looked at.
            for (Resource file : PluginHelper.getPackageScanResourceResolver(camel).findResources("classpath:routes/**/*.yaml")) {
                Matcher folder = ENGINE_FOLDER.matcher(file.getLocation());
                if (!folder.find()) {
                    continue;
                }
                engines.computeIfAbsent(folder.group(1), name -> new ArrayList<>()).add(file);
            }
        }
        return engines;
    }

    /** The endpoints an engine's routes consume, read from its route files loaded (not started) into a plain context. */
    private static Set<String> consumedEndpoints(List<Resource> files) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(files);
            Set<String> consumed = new TreeSet<>();
            for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
                consumed.add(route.getInput().getEndpointUri());
            }
            return consumed;
        }
    }

    private static void strings(JsonNode node, java.util.function.Consumer<String> each) {
        if (node.isTextual()) {
            each.accept(node.asText());
        }
        node.fieldNames().forEachRemaining(name -> each.accept(name));
        node.elements().forEachRemaining(child -> strings(child, each));
    }
}
