package io.videojobs.support;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /q/metrics}, parsed from the Prometheus text format so tests can compare figures. */
public final class PrometheusScrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    private PrometheusScrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                throw new AssertionError("Not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
    }

    public static PrometheusScrape now() {
        return new PrometheusScrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * The sum of the samples called {@code name} whose labels include {@code labels} (given as name, value
     * pairs); fails when there is no such sample, so a renamed metric cannot pass as zero.
     */
    public double value(String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (Sample sample : samples) {
            if (sample.name.equals(name) && matches(sample.labels, labels)) {
                sum += sample.value;
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("No sample " + name + " " + String.join(",", labels) + " at /q/metrics");
        }
        return sum;
    }

    private static boolean matches(Map<String, String> actual, String[] wanted) {
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
