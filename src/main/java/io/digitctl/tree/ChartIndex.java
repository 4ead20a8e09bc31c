package io.digitctl.tree;

import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The services of a {@code charts/} folder, by the reference deployer's rules: a folder holding
 * {@code values.yaml} is the chart of the service named like the folder, and a file
 * {@code <name>-values.yaml} makes {@code <name>} a service served by the chart in that folder.
 */
public final class ChartIndex {
    private static final String VALUES = "values.yaml";
    private static final String SERVICE_VALUES_SUFFIX = "-values.yaml";

    private final Map<String, ChartEntry> entries;
    private final List<Duplicate> duplicates;

    /** Two index entries with one name; the reference silently lets the last win. */
    public record Duplicate(String service, Path first, Path second) {
        public String message() {
            return "Chart name '" + service + "' is defined twice: in " + first + " and in " + second
                    + ". Rename or remove one of them.";
        }
    }

    private ChartIndex(Map<String, ChartEntry> entries, List<Duplicate> duplicates) {
        this.entries = entries;
        this.duplicates = duplicates;
    }

    /**
     * Scans the folder; duplicate names are kept as findings: {@code validate} reports them, and a
     * deploy fails only when it needs one (the planner refuses names that {@link #isAmbiguous}).
     */
    public static ChartIndex scan(Path chartsDir) {
        if (!Files.isDirectory(chartsDir)) {
            throw new DigitctlException("No charts folder at " + chartsDir
                    + ". Point --helm-dir at the deploy-as-code 'helm' folder (the one holding charts/ and environments/).");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(chartsDir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(VALUES))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DigitctlException("Cannot read the charts folder " + chartsDir + ": " + io.digitctl.files.FileTrees.reason(e));
        } catch (java.io.UncheckedIOException e) {
            throw new DigitctlException("Cannot read the charts folder " + chartsDir + ": " + io.digitctl.files.FileTrees.reason(e.getCause()));
        }
        Map<String, ChartEntry> entries = new TreeMap<>();
        List<Duplicate> duplicates = new ArrayList<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            Path folder = file.getParent();
            ChartEntry entry;
            if (fileName.equals(VALUES)) {
                entry = new ChartEntry(folder.getFileName().toString(), folder, null);
            } else if (fileName.endsWith(SERVICE_VALUES_SUFFIX) && fileName.length() > SERVICE_VALUES_SUFFIX.length()) {
                String service = fileName.substring(0, fileName.length() - SERVICE_VALUES_SUFFIX.length());
                entry = new ChartEntry(service, folder, file);
            } else {
                continue;
            }
            ChartEntry previous = entries.put(entry.service(), entry);
            if (previous != null) {
                duplicates.add(new Duplicate(entry.service(), describe(previous), describe(entry)));
            }
        }
        return new ChartIndex(Collections.unmodifiableMap(entries), List.copyOf(duplicates));
    }

    private static Path describe(ChartEntry entry) {
        return entry.serviceValues() != null ? entry.serviceValues() : entry.chartDir();
    }

    /** The entry of a name; for a name defined twice, the last one (as the reference does): check {@link #isAmbiguous} first. */
    public Optional<ChartEntry> find(String service) {
        return Optional.ofNullable(entries.get(service));
    }

    /** Whether the name is defined in more than one place. */
    public boolean isAmbiguous(String service) {
        return duplicates.stream().anyMatch(d -> d.service().equals(service));
    }

    /** Every place that defines the name, in scan order (more than one when it is a duplicate). */
    public List<Path> placesOf(String service) {
        List<Path> places = new ArrayList<>();
        for (Duplicate d : duplicates) {
            if (d.service().equals(service)) {
                if (!places.contains(d.first())) {
                    places.add(d.first());
                }
                if (!places.contains(d.second())) {
                    places.add(d.second());
                }
            }
        }
        return places;
    }

    /** The names defined more than once, sorted. */
    public List<String> ambiguousNames() {
        return duplicates.stream().map(Duplicate::service).distinct().sorted().toList();
    }

    /** What to tell a user whose request needs an ambiguous name. */
    public static String ambiguity(String service, List<Path> places) {
        return "Chart name '" + service + "' is defined " + (places.size() == 2 ? "twice" : places.size() + " times") + ": in "
                + String.join(" and in ", places.stream().map(Path::toString).toList()) + ". This request deploys " + service
                + ", and digitctl cannot tell which chart is meant: rename or remove all but one of them "
                + "(or move the other out of charts/), then run again.";
    }

    public boolean contains(String service) {
        return entries.containsKey(service);
    }

    /** All entries, sorted by service name. */
    public List<ChartEntry> entries() {
        return List.copyOf(entries.values());
    }

    public int size() {
        return entries.size();
    }

    public List<Duplicate> duplicates() {
        return duplicates;
    }

    /** Fails on any duplicate name; deploys check {@link #isAmbiguous} for the names they need instead, so that only what needs a duplicate fails. */
    public ChartIndex requireNoDuplicates() {
        if (!duplicates.isEmpty()) {
            StringBuilder msg = new StringBuilder("The chart index has duplicate names:");
            for (Duplicate d : duplicates) {
                msg.append("\n  ").append(d.message());
            }
            throw new DigitctlException(msg.toString());
        }
        return this;
    }
}
