package org.hpcsweep.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hpcsweep.rescale.PagedSearch;
import org.hpcsweep.rescale.PlatformAccount;
import org.hpcsweep.rescale.RescaleStatus;
import org.hpcsweep.slurm.SlurmCall;
import org.junit.jupiter.api.Test;

/** How the route files and the Java side meet: by names declared once, and one bean per step. */
class FlowRoutesTest {
    private static final Pattern READ = Pattern.compile("exchangeProperty\\.([A-Za-z]+)");
    private static final Pattern WRITTEN = Pattern.compile("(?:set|remove)Property:\\s*\\n\\s*name: ([A-Za-z]+)");
    private static final Pattern BEAN = Pattern.compile("\\bref: ([A-Za-z]+)");

    @Test
    void should_name_every_exchange_property_the_routes_use_in_one_declared_constant() throws IOException {
        Set<String> declared = new TreeSet<>();
        for (Class<?> holder : new Class<?>[] {FlowProperties.class, PlatformAccount.class, PagedSearch.class, RescaleStatus.class, SlurmCall.class}) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    declared.add((String) readStatic(field));
                }
            }
        }
        Map<String, Set<String>> undeclared = new TreeMap<>();
        for (Path file : routeFiles(Path.of("routes"))) {
            String text = Files.readString(file);
            for (Pattern use : new Pattern[] {READ, WRITTEN}) {
                Matcher m = use.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    // Camel's own properties (CamelDuplicateMessage...) are Camel's to name.
                    if (!declared.contains(name) && !name.startsWith("Camel")) {
                        undeclared.computeIfAbsent(name, n -> new TreeSet<>()).add(file.toString());
                    }
                }
            }
        }
        assertTrue(undeclared.isEmpty(), "exchange properties used in routes but declared nowhere: " + undeclared);
    }

    @Test
    void should_call_exactly_one_bean_from_each_flow_step_file() throws IOException {
        Map<String, Set<String>> beansByFile = new TreeMap<>();
        for (Path file : routeFiles(Path.of("routes/flow"))) {
            Set<String> beans = new TreeSet<>();
            Matcher m = BEAN.matcher(Files.readString(file));
            while (m.find()) {
                beans.add(m.group(1));
            }
            beansByFile.put(file.getFileName().toString(), beans);
        }
        beansByFile.forEach((file, beans) -> assertEquals(1, beans.size(), file + " calls " + beans));
        assertTrue(beansByFile.size() >= 10, "the flow's step files: " + beansByFile.keySet());
    }

    private static Object readStatic(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static java.util.List<Path> routeFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
