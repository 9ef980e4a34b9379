package org.hpcsweep.rescale;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * Reads one page of a paged platform list while a route pages through it: remembers the id of the
 * item sought when the page has it, and the page's {@code next} link otherwise, so the route stops
 * as soon as the item is found and never reads further than it must.
 */
public final class PagedSearch {
    /** Exchange property: the id of the item found, absent until found. */
    public static final String FOUND = "foundId";
    /**
     * Exchange property: the size in bytes of the file found ({@code decryptedSize}), absent when the
     * platform did not say; lets {@link RangedDownload} ask for a large file in two halves.
     */
    public static final String FOUND_SIZE = "foundSize";
    /** Exchange property: the next page to read, absent on the last page. */
    public static final String NEXT = PlatformAccount.URI_PROPERTY;

    /** In {@code GET /jobs/{id}/files/}: the output file with this name (or relative path). */
    public void findFile(Exchange exchange, String fileName) throws InvalidPayloadException {
        read(exchange, file -> {
            String name = file.path("name").asText();
            String relative = file.path("relativePath").asText(name);
            boolean found = fileName.equals(name) || relative.equals(fileName) || relative.endsWith("/" + fileName);
            if (found && file.path("decryptedSize").canConvertToLong()) {
                exchange.setProperty(FOUND_SIZE, file.path("decryptedSize").asLong());
            }
            return found;
        });
    }

    /** Exchange property: the ids of every job found with the sought name, in list order. */
    public static final String FOUND_ALL = "foundIds";

    /**
     * In {@code GET /jobs/}: every job with exactly this name, read to the last page. hpc-sweep's job
     * names are unique per run and try, so two mean a create whose answer was lost landed beside the
     * one made after it: the first found is adopted ({@link #FOUND}), the others are extras.
     */
    @SuppressWarnings("unchecked")
    public void findJobs(Exchange exchange, String jobName) throws InvalidPayloadException {
        JsonNode page = exchange.getMessage().getMandatoryBody(JsonNode.class);
        java.util.List<String> found = exchange.getProperty(FOUND_ALL, java.util.List.class);
        if (found == null) {
            found = new java.util.ArrayList<>();
            exchange.setProperty(FOUND_ALL, found);
        }
        for (JsonNode job : page.path("results")) {
            if (jobName.equals(job.path("name").asText())) {
                found.add(job.path("id").asText());
            }
        }
        if (!found.isEmpty()) {
            exchange.setProperty(FOUND, found.get(0));
        }
        followNext(exchange, page);
    }

    /** The jobs found beyond the one adopted: created twice by one placement, each to be deleted (none was submitted). */
    @SuppressWarnings("unchecked")
    public java.util.List<String> extras(Exchange exchange) {
        java.util.List<String> found = exchange.getProperty(FOUND_ALL, java.util.List.class);
        return found == null || found.size() < 2 ? java.util.List.of() : java.util.List.copyOf(found.subList(1, found.size()));
    }

    private static void read(Exchange exchange, Predicate<JsonNode> sought) throws InvalidPayloadException {
        JsonNode page = exchange.getMessage().getMandatoryBody(JsonNode.class);
        for (JsonNode item : page.path("results")) {
            if (sought.test(item)) {
                exchange.setProperty(FOUND, item.path("id").asText());
                exchange.removeProperty(NEXT);
                return;
            }
        }
        followNext(exchange, page);
    }

    /** The page's {@code next} link as the page to read next ({@link #NEXT}), or none on the last page. */
    static void followNext(Exchange exchange, JsonNode page) {
        exchange.removeProperty(NEXT);
        JsonNode next = page.path("next");
        if (next.isTextual() && !next.asText().isBlank()) {
            exchange.setProperty(NEXT, next.asText());
        }
    }
}
