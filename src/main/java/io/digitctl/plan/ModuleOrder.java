package io.digitctl.plan;

import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.tree.TreeFileException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders the modules of a release into levels: a module comes after every module it depends on,
 * and modules of one level do not depend on each other. Within a level, modules keep file order.
 */
public final class ModuleOrder {

    private ModuleOrder() {
    }

    /** The requested modules plus, transitively, everything they depend on. */
    public static Set<String> closure(ReleaseChart release, List<String> requested) {
        Set<String> selected = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(requested);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!selected.add(name)) {
                continue;
            }
            ReleaseModule module = release.module(name).orElseThrow();
            todo.addAll(module.dependencies());
        }
        return selected;
    }

    /** Dependencies of any module of the release on modules that it does not have. */
    public static List<UnknownDependency> unknownDependencies(ReleaseChart release) {
        List<UnknownDependency> problems = new ArrayList<>();
        Set<String> names = new HashSet<>(release.moduleNames());
        for (ReleaseModule m : release.modules()) {
            for (String dep : m.dependencies()) {
                if (!names.contains(dep)) {
                    problems.add(new UnknownDependency(release, m.name(), dep, m.line()));
                }
            }
        }
        return problems;
    }

    /** Levels of the selected modules, or an error naming the modules of a dependency cycle. */
    public static List<List<ReleaseModule>> levels(ReleaseChart release, Set<String> selected) {
        Map<String, Integer> pending = new HashMap<>();
        for (ReleaseModule m : release.modules()) {
            if (selected.contains(m.name())) {
                pending.put(m.name(), (int) m.dependencies().stream().filter(selected::contains).distinct().count());
            }
        }
        List<List<ReleaseModule>> levels = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (placed.size() < pending.size()) {
            List<ReleaseModule> level = new ArrayList<>();
            for (ReleaseModule m : release.modules()) {
                if (pending.containsKey(m.name()) && !placed.contains(m.name()) && placed.containsAll(
                        m.dependencies().stream().filter(selected::contains).toList())) {
                    level.add(m);
                }
            }
            if (level.isEmpty()) {
                List<String> cycle = findCycle(release, selected, placed);
                throw new TreeFileException(release.file(), release.module(cycle.get(0)).orElseThrow().line(),
                        "modules depend on each other in a cycle: " + describe(release, cycle) + ". Remove one of these dependencies.");
            }
            level.forEach(m -> placed.add(m.name()));
            levels.add(level);
        }
        return levels;
    }

    /** Walks unplaced dependencies until a module repeats, which names exactly the cycle (first module repeated last). */
    private static List<String> findCycle(ReleaseChart release, Set<String> selected, Set<String> placed) {
        String start = release.modules().stream().map(ReleaseModule::name)
                .filter(n -> selected.contains(n) && !placed.contains(n)).findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        String current = start;
        while (!path.contains(current)) {
            path.add(current);
            ReleaseModule module = release.module(current).orElseThrow();
            current = module.dependencies().stream()
                    .filter(d -> selected.contains(d) && !placed.contains(d))
                    .findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        cycle.add(current);
        return cycle;
    }

    private static String describe(ReleaseChart release, List<String> cycle) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cycle.size(); i++) {
            if (i > 0) sb.append(" -> ");
            String name = cycle.get(i);
            sb.append(name);
            if (i < cycle.size() - 1) {
                sb.append(" (line ").append(release.module(name).orElseThrow().line()).append(")");
            }
        }
        return sb.toString();
    }
}
