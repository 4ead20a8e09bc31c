package io.digitctl.plan;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.model.TagSource;
import io.digitctl.tree.ChartEntry;
import io.digitctl.tree.ChartIndex;
import io.digitctl.tree.DeployTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns a request (an image list, or a product release and modules) into an ordered {@link DeployPlan}. */
public final class Planner {
    private final DeployTree tree;
    private final TagResolver tags;

    public Planner(DeployTree tree, TagResolver tags) {
        this.tree = tree;
        this.tags = tags;
    }

    /** The reference's {@code deploy IMAGES}: one level, in the order given. */
    public DeployPlan forImages(List<ImageRef> images, boolean skipMissing) {
        if (images.isEmpty()) {
            throw new DigitctlException("No images given. Name images (egovio/egov-user:v1.2.8-9fde481-19,egov-mdms-service) or a release with -s PRODUCT -v VERSION.");
        }
        ServiceRequests requests = new ServiceRequests(false);
        images.forEach(image -> requests.add(image, null, "command line"));
        List<PlanWarning> warnings = new ArrayList<>();
        List<MissingChart> missing = new ArrayList<>();
        List<ServiceDeploy> services = toDeploys(requests.all(), TagSource.COMMAND_LINE, warnings, missing);
        failOnMissing(missing, skipMissing, warnings);
        List<PlanLevel> levels = services.isEmpty() ? List.of() : List.of(new PlanLevel(1, List.of(), services));
        return new DeployPlan("images " + String.join(",", images.stream().map(ImageRef::text).toList()), levels, missing, warnings);
    }

    /** Every chart of the index, each with the same tag: what conformance checks and benchmarks render. */
    public DeployPlan forEveryChart(String tag) {
        List<PlanWarning> warnings = new ArrayList<>();
        for (String name : tree.charts().ambiguousNames()) {
            warnings.add(new PlanWarning(PlanWarning.Kind.DUPLICATE_CHART, name, "Chart name '" + name + "' is defined twice: in "
                    + String.join(" and in ", tree.charts().placesOf(name).stream().map(Object::toString).toList())
                    + "; the last one is rendered, as the reference deployer does."));
        }
        List<ServiceDeploy> services = tree.charts().entries().stream()
                .map(chart -> new ServiceDeploy(chart.service(), null, chart, null, tag, tag, TagSource.COMMAND_LINE))
                .toList();
        return new DeployPlan("every chart of " + tree.chartsDir(), List.of(new PlanLevel(1, List.of(), services)), List.of(), List.copyOf(warnings));
    }

    /** A product release: the requested modules (default: every {@code m_} module) and their dependencies. */
    public DeployPlan forRelease(ReleaseChart release, List<String> requestedModules, boolean skipMissing) {
        List<UnknownDependency> unknownDeps = ModuleOrder.unknownDependencies(release);
        if (!unknownDeps.isEmpty()) {
            throw new DigitctlException(String.join("\n", unknownDeps.stream()
                    .map(u -> release.file() + ":" + u.line() + ": " + u.message()).toList()) + "\nFix the module dependencies.");
        }
        List<String> requested = requestedModules.isEmpty()
                ? release.modules().stream().filter(ReleaseModule::isFeature).map(ReleaseModule::name).toList()
                : requestedModules;
        if (requested.isEmpty()) {
            throw new DigitctlException(release.file() + " has no feature modules (named m_...). Choose modules with --modules "
                    + String.join(",", release.moduleNames()) + ".");
        }
        List<String> unknown = requested.stream().filter(m -> release.module(m).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new DigitctlException("Unknown module" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " in release " + release.product() + " " + release.version() + ". Modules of " + release.file().getFileName()
                    + ": " + String.join(", ", release.moduleNames()) + ".");
        }
        Set<String> selected = ModuleOrder.closure(release, requested);
        List<List<ReleaseModule>> moduleLevels = ModuleOrder.levels(release, selected);

        ServiceRequests requests = new ServiceRequests(true);
        Map<String, Integer> levelOfModule = new LinkedHashMap<>();
        for (int i = 0; i < moduleLevels.size(); i++) {
            for (ReleaseModule module : moduleLevels.get(i)) {
                levelOfModule.put(module.name(), i);
                for (ReleaseModule.PinnedImage pinned : module.images()) {
                    requests.add(pinned.image(), module.name(),
                            "module " + module.name() + ", " + release.file().getFileName() + ":" + pinned.line());
                }
            }
        }
        List<PlanWarning> warnings = new ArrayList<>(requests.warnings());
        List<MissingChart> missing = new ArrayList<>();
        List<ServiceDeploy> deploys = toDeploys(requests.all(), TagSource.RELEASE, warnings, missing);
        failOnMissing(missing, skipMissing, warnings);

        List<PlanLevel> levels = new ArrayList<>();
        for (int i = 0; i < moduleLevels.size(); i++) {
            final int level = i;
            List<ServiceDeploy> inLevel = deploys.stream().filter(d -> levelOfModule.get(d.module()) == level).toList();
            levels.add(new PlanLevel(i + 1, moduleLevels.get(i).stream().map(ReleaseModule::name).toList(), inLevel));
        }
        String modulesInOrder = String.join(", ", moduleLevels.stream().flatMap(List::stream).map(ReleaseModule::name).toList());
        return new DeployPlan(release.product() + " " + release.version() + " (modules " + modulesInOrder + ")",
                List.copyOf(levels), List.copyOf(missing), List.copyOf(warnings));
    }

    private void failOnMissing(List<MissingChart> missing, boolean skipMissing, List<PlanWarning> warnings) {
        if (missing.isEmpty()) {
            return;
        }
        if (!skipMissing) {
            throw new MissingChartsException(missing, tree.chartsDir());
        }
        for (MissingChart m : missing) {
            warnings.add(new PlanWarning(PlanWarning.Kind.SKIPPED_MISSING, m.service(),
                    m.service() + ": no chart under " + tree.chartsDir() + " (" + m.where() + "); skipped (--skip-missing)."));
        }
    }

    private List<ServiceDeploy> toDeploys(List<ServiceRequests.ServiceRequest> requests, TagSource pinnedSource,
                                          List<PlanWarning> warnings, List<MissingChart> missing) {
        ChartIndex index = tree.charts();
        List<String> ambiguous = new ArrayList<>();
        for (ServiceRequests.ServiceRequest request : requests) {
            if (index.isAmbiguous(request.service)) {
                ambiguous.add(ChartIndex.ambiguity(request.service, index.placesOf(request.service)));
            }
        }
        if (!ambiguous.isEmpty()) {
            throw new DigitctlException(String.join("\n", ambiguous));
        }
        Set<String> requested = new java.util.HashSet<>();
        requests.forEach(r -> requested.add(r.service));
        warnUnusedDuplicates(index, requested, warnings);
        List<ServiceDeploy> deploys = new ArrayList<>();
        for (ServiceRequests.ServiceRequest request : requests) {
            Optional<ChartEntry> chart = index.find(request.service); // ambiguous names were refused above
            if (chart.isEmpty()) {
                missing.add(new MissingChart(request.service, request.primary().where()));
                continue;
            }
            deploys.add(toDeploy(request, chart.get(), pinnedSource, warnings));
        }
        return deploys;
    }

    /** A duplicate chart name that this plan does not use is only a warning: the request goes on. */
    private static void warnUnusedDuplicates(ChartIndex index, Set<String> used, List<PlanWarning> warnings) {
        for (String name : index.ambiguousNames()) {
            if (!used.contains(name)) {
                warnings.add(new PlanWarning(PlanWarning.Kind.DUPLICATE_CHART, name, "Chart name '" + name + "' is defined twice: in "
                        + String.join(" and in ", index.placesOf(name).stream().map(Object::toString).toList())
                        + ". This request does not use it, so it goes on; 'digitctl validate' reports it until one is renamed or removed."));
            }
        }
    }

    private ServiceDeploy toDeploy(ServiceRequests.ServiceRequest request, ChartEntry chart, TagSource pinnedSource,
                                   List<PlanWarning> warnings) {
        ImageRef primary = request.primary().image();
        // a digest names one image: the other image of the service gets the tag alone, never the digest
        String appTag = request.app != null ? version(request.app) : tagOnly(request.migration);
        String migrationTag = request.migration != null ? version(request.migration) : tagOnly(request.app);
        if (request.app != null && request.migration != null && appTag != null && migrationTag != null
                && !appTag.equals(migrationTag)) {
            warnings.add(new PlanWarning(PlanWarning.Kind.TAGS_DIFFER, request.service, request.service + ": application image pinned at "
                    + appTag + " and migration image " + request.migration.image().imageName() + " at " + migrationTag
                    + "; each is deployed with its own tag."));
        }
        TagSource source = pinnedSource;
        if (appTag == null) {
            Optional<String> running = tags.runningTag(request.service);
            if (running.isPresent()) {
                appTag = running.get();
                migrationTag = migrationTag == null ? appTag : migrationTag;
                source = TagSource.CLUSTER;
            } else {
                source = TagSource.CHART_DEFAULT;
                warnings.add(new PlanWarning(PlanWarning.Kind.CHART_DEFAULT_TAG, request.service,
                        request.service + ": no tag given for " + primary + "; rendering with the chart's own default tag."));
            }
        }
        return new ServiceDeploy(request.service, request.module, chart, primary, appTag, migrationTag, source);
    }

    private static String tagOnly(ServiceRequests.Request request) {
        return request == null ? null : request.image().tag();
    }

    /** The text for image.tag: DIGIT's common chart always writes repository:tag, so a digest needs a tag beside it. */
    private static String version(ServiceRequests.Request request) {
        if (request == null) {
            return null;
        }
        ImageRef image = request.image();
        if (image.digest() == null) {
            return image.tag();
        }
        if (image.tag() == null) {
            throw new DigitctlException(request.where() + ": '" + image + "' gives a digest without a tag. DIGIT charts write images as "
                    + "repository:tag, so give both, e.g. " + image.repository() + ":v1.0.0@" + image.digest() + ".");
        }
        return image.tag() + "@" + image.digest();
    }
}
