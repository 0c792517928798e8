import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.compare.OpenApiDiffOptions;
import org.openapitools.openapidiff.core.model.BackwardIncompatibleProp;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.ChangedSchema;
import org.openapitools.openapidiff.core.model.DiffResult;
import org.openapitools.openapidiff.core.output.ConsoleRender;
import org.openapitools.openapidiff.core.output.MarkdownRender;
import org.openapitools.openapidiff.core.output.Render;

/**
 * Breaking-change gate for the contract, run by openapi/pom.xml with the JDK's
 * single-file source launcher (no compile step needed in a pom-packaged module).
 *
 * <p>Why not the openapi-diff-maven plugin: the newest version Maven Central serves
 * this build is 2.0.1, whose only parameters are oldSpec, newSpec, failOnIncompatible
 * and failOnChanged: no report file, a fixed failure message, no notion of the
 * project's version. This wraps openapi-diff-core (2.1.x) instead.
 *
 * <p>Rule: an incompatible change fails unless the project's major version is
 * above the major version the baseline was released in (semver). On top of
 * openapi-diff's own rules, a removed schema property counts as incompatible
 * (openapi-diff accepts dropping an optional field, but the generated SDK model
 * would lose its accessor, which breaks callers), and a new value of an answer's
 * enum does not (the SDK's enums are open: an unknown value is kept, never an error).
 *
 * <p>A failing verdict is written to REPORT.md's folder as BREAKING-CHANGE and the
 * POM's enforcer rule fails on that file: Maven then ends with our message instead
 * of exec-maven-plugin's stack trace. Exit code 1 only for usage or read errors.
 *
 * <p>Usage: ContractGate BASELINE CONTRACT REPORT.md PROJECT_VERSION BASELINE_VERSION; or
 * {@code --verdicts} (see {@link #verdicts}).
 */
public final class ContractGate {

    private static final Pattern MAJOR = Pattern.compile("^(\\d+)(?:\\.|-|$)");

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--verdicts")) {
            verdicts(args);
            return;
        }
        if (args.length != 5) {
            fail("usage: ContractGate BASELINE CONTRACT REPORT.md PROJECT_VERSION BASELINE_VERSION");
        }
        Path baseline = Path.of(args[0]).toAbsolutePath().normalize();
        Path contract = Path.of(args[1]).toAbsolutePath().normalize();
        Path report = Path.of(args[2]).toAbsolutePath().normalize();
        Path marker = report.resolveSibling("BREAKING-CHANGE");
        Files.deleteIfExists(marker); // never let an old verdict fail this run
        String projectVersion = args[3];
        String baselineVersion = args[4];

        for (Path p : new Path[] {baseline, contract}) {
            if (!Files.isRegularFile(p)) {
                fail("Contract gate: file not found: " + p);
            }
        }
        int projectMajor = major(projectVersion, "project version");
        int baselineMajor = major(baselineVersion, "contract.baseline.version");
        boolean majorRaised = projectMajor > baselineMajor;

        ChangedOpenApi diff;
        try {
            diff = compare(baseline, contract);
        } catch (RuntimeException e) {
            // The lint step normally stops unreadable specs first; this is the backstop.
            fail("Contract gate: cannot compare " + baseline + " with " + contract + ": " + e.getMessage());
            return;
        }
        DiffResult result = diff.isChanged();
        Set<String> removed = removedProperties(diff);
        boolean incompatible = isIncompatible(diff, removed);

        String verdict;
        boolean pass;
        if (!incompatible) {
            pass = true;
            verdict = result.isUnchanged()
                    ? "PASS: no changes against the baseline."
                    : "PASS: " + describe(result) + " changes only.";
        } else if (majorRaised) {
            pass = true;
            verdict = "PASS: incompatible changes, allowed because the major version was raised ("
                    + projectVersion + " > baseline " + baselineVersion + ").";
        } else {
            pass = false;
            verdict = "FAIL: incompatible changes while the major version is unchanged ("
                    + projectVersion + " vs baseline " + baselineVersion + ").";
        }

        String details = render(new MarkdownRender(), diff);
        StringBuilder md = new StringBuilder()
                .append("# Contract diff\n\n")
                .append("| | |\n|---|---|\n")
                .append("| Baseline | `").append(baseline).append("` (released in ").append(baselineVersion).append(") |\n")
                .append("| Contract | `").append(contract).append("` (project ").append(projectVersion).append(") |\n")
                .append("| Result | ").append(incompatible ? "INCOMPATIBLE" : result.name())
                .append(removed.isEmpty() || result.isIncompatible() ? "" : " (removed properties)").append(" |\n")
                .append("| Gate | ").append(verdict).append(" |\n\n");
        if (result.isUnchanged()) {
            md.append("No changes.\n");
        } else {
            Set<String> security = changedSecurity(diff);
            if (!security.isEmpty()) {
                md.append("## Security requirements changed (callers' credentials may no longer be accepted)\n\n");
                security.forEach(o -> md.append("- ").append(o).append('\n'));
                md.append('\n');
            }
            if (!removed.isEmpty()) {
                md.append("## Removed properties (breaking for the SDK: the generated model loses the accessor)\n\n");
                removed.forEach(r -> md.append("- ").append(r).append('\n'));
                md.append('\n');
            }
            md.append("## All changes (openapi-diff), compatible ones included\n\n").append(details);
        }
        Files.createDirectories(report.getParent());
        Files.writeString(report, md.toString(), StandardCharsets.UTF_8);
        // For the release plan (release/): the verdict, and the changes as changelog entries.
        Files.writeString(report.resolveSibling("verdict"), (incompatible ? "INCOMPATIBLE"
                : result.isUnchanged() ? "UNCHANGED" : result == DiffResult.METADATA ? "METADATA" : "COMPATIBLE")
                + "\n", StandardCharsets.UTF_8);
        Files.writeString(report.resolveSibling("changelog-entries.md"), String.join("\n", entries(diff, removed))
                + "\n", StandardCharsets.UTF_8);

        if (!result.isUnchanged()) {
            System.out.println(render(new ConsoleRender(), diff));
        }
        removed.forEach(r -> System.out.println("Removed property (breaking for the SDK): " + r));
        changedSecurity(diff).forEach(o -> System.out.println("Security requirement changed (breaking): " + o));
        System.out.println("Contract diff report: " + report);
        System.out.println(verdict);
        if (!pass) {
            String message = "Breaking contract change against " + baseline + ", see " + report
                    + " -- revert it, or raise the major version above " + baselineMajor
                    + " (see openapi/README.md).";
            System.out.println(message);
            Files.writeString(marker, message + "\n", StandardCharsets.UTF_8);
        }
    }

    /**
     * openapi-diff's comparison with one rule relaxed: a new value of an answer's enum is compatible, since the SDK's
     * enums are open (a value it does not know is kept and readable, never an error).
     */
    private static ChangedOpenApi compare(Path baseline, Path contract) {
        OpenApiDiffOptions options = OpenApiDiffOptions.builder()
                .configProperty(BackwardIncompatibleProp.RESPONSE_ENUM_INCREASED.getPropertyName(), "false")
                .build();
        return OpenApiCompare.fromLocations(baseline.toUri().toString(), contract.toUri().toString(), null, options);
    }

    /** openapi-diff's incompatible changes, and any removed property (the SDK's model would lose its accessor). */
    private static boolean isIncompatible(ChangedOpenApi diff, Set<String> removed) {
        return diff.isChanged().isIncompatible() || !removed.isEmpty();
    }

    /**
     * {@code --verdicts BASELINE CONTRACT [BASELINE CONTRACT ...]}: the gate's verdict on each pair, without versions
     * or report files, for the tests of the gate (contract-tests' {@code ContractChangesTest}): the changes, then a
     * line {@code === verdict <contract file>: INCOMPATIBLE|COMPATIBLE|UNCHANGED}.
     */
    private static void verdicts(String[] args) throws IOException {
        if (args.length < 3 || args.length % 2 == 0) {
            fail("usage: ContractGate --verdicts BASELINE CONTRACT [BASELINE CONTRACT ...]");
        }
        for (int i = 1; i < args.length; i += 2) {
            Path baseline = Path.of(args[i]).toAbsolutePath().normalize();
            Path contract = Path.of(args[i + 1]).toAbsolutePath().normalize();
            ChangedOpenApi diff = compare(baseline, contract);
            Set<String> removed = removedProperties(diff);
            System.out.println("=== " + contract.getFileName());
            if (!diff.isChanged().isUnchanged()) {
                System.out.println(render(new MarkdownRender(), diff)); // the report's text, which names properties
            }
            removed.forEach(r -> System.out.println("Removed property (breaking for the SDK): " + r));
            changedSecurity(diff).forEach(o -> System.out.println("Security requirement changed (breaking): " + o));
            System.out.println("=== verdict " + contract.getFileName() + ": " + (isIncompatible(diff, removed)
                    ? "INCOMPATIBLE" : diff.isChanged().isUnchanged() ? "UNCHANGED" : "COMPATIBLE"));
        }
    }

    /**
     * The changes as changelog lines, each {@code Added|Changed|Removed|Deprecated: text}, "Breaking: " leading the text
     * of an incompatible one: operations added, removed or deprecated, properties added or removed, types changed,
     * security requirements changed.
     */
    private static List<String> entries(ChangedOpenApi diff, Set<String> removed) {
        Set<String> out = new TreeSet<>();
        diff.getNewEndpoints().forEach(e -> out.add("Added: operation `" + e.getMethod() + " " + e.getPathUrl()
                + "`" + (e.getOperation().getOperationId() == null ? "" : " (" + e.getOperation().getOperationId()
                + ")")));
        diff.getMissingEndpoints().forEach(e -> out.add("Removed: Breaking: operation `" + e.getMethod() + " "
                + e.getPathUrl() + "`"));
        diff.getDeprecatedEndpoints().forEach(e -> out.add("Deprecated: operation `" + e.getMethod() + " "
                + e.getPathUrl() + "`"));
        for (ChangedSchema cs : diff.getChangedSchemas()) {
            if (cs == null) {
                continue;
            }
            String where = where(cs);
            if (cs.getIncreasedProperties() != null) {
                cs.getIncreasedProperties().keySet().forEach(name -> out.add("Added: property `" + name + "`" + where));
            }
            if (cs.isChangedType() && cs.getOldSchema() != null && cs.getNewSchema() != null) {
                // Breaking either way for the SDK: the property's Java type changes with it.
                out.add("Changed: Breaking: type from `"
                        + cs.getOldSchema().getType() + "` to `" + cs.getNewSchema().getType() + "`" + where);
            }
        }
        removed.forEach(r -> out.add("Removed: Breaking: property " + r));
        changedSecurity(diff).forEach(o -> out.add("Changed: Breaking: security requirements of " + o));
        return new ArrayList<>(out);
    }

    private static String where(ChangedSchema cs) {
        return cs.getContext() == null ? "" : String.format(" (%s %s %s)",
                cs.getContext().isRequest() ? "request of" : "response of",
                cs.getContext().getMethod(), cs.getContext().getUrl());
    }

    /** The operations whose security requirements changed incompatibly, which openapi-diff's reports do not name. */
    private static Set<String> changedSecurity(ChangedOpenApi diff) {
        Set<String> out = new TreeSet<>();
        for (ChangedOperation operation : diff.getChangedOperations()) {
            if (operation.getSecurityRequirements() != null
                    && operation.getSecurityRequirements().isChanged().isIncompatible()) {
                out.add("`" + operation.getHttpMethod() + " " + operation.getPathUrl() + "`");
            }
        }
        return out;
    }

    /** Properties present in the baseline and gone from the contract, anywhere in the diff. */
    private static Set<String> removedProperties(ChangedOpenApi diff) {
        Set<String> out = new TreeSet<>();
        for (ChangedSchema cs : diff.getChangedSchemas()) {
            if (cs == null || cs.getMissingProperties() == null) {
                continue;
            }
            String where = where(cs);
            cs.getMissingProperties().keySet().forEach(name -> out.add("`" + name + "`" + where));
        }
        return out;
    }

    /** The writer-based render (the String-returning one is deprecated upstream). */
    private static String render(Render renderer, ChangedOpenApi diff) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStreamWriter out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            renderer.render(diff, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String describe(DiffResult r) {
        return r == DiffResult.METADATA ? "metadata (documentation)" : "backward-compatible";
    }

    private static int major(String version, String what) {
        Matcher m = MAJOR.matcher(version.trim());
        if (!m.find()) {
            fail("Contract gate: cannot read a major version from " + what + " '" + version + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
