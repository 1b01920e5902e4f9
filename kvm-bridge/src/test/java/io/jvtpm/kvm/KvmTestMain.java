package io.jvtpm.kvm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs every test tagged "kvm" in one JVM (JVM start-up is the slow part inside the nested rig) and prints
 * one {@code PASS name} / {@code FAIL name} / {@code SKIP name} line per test. Exit status 1 on a failure,
 * and with {@code --no-skips} also when a test was skipped (the rig must offer everything, SMM included).
 */
public final class KvmTestMain {
    private KvmTestMain() {
    }

    public static void main(String[] args) {
        boolean noSkips = args.length > 0 && args[0].equals("--no-skips");
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("io.jvtpm.kvm"))
                .filters(TagFilter.includeTags("kvm"), ClassNameFilter.includeClassNamePatterns(".*Test"))
                .build();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger passed = new AtomicInteger();
        PrintWriter out = new PrintWriter(System.out, true);
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                skipped.incrementAndGet();
                out.println("SKIP " + id.getDisplayName() + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                        failed.incrementAndGet();
                        out.println("FAIL " + id.getDisplayName() + ": " + result.getThrowable().orElse(null));
                    } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                        skipped.incrementAndGet();
                        out.println("SKIP " + id.getDisplayName() + ": " + result.getThrowable().orElse(null));
                    }
                    return;
                }
                switch (result.getStatus()) {
                    case SUCCESSFUL -> {
                        passed.incrementAndGet();
                        out.println("PASS " + id.getDisplayName());
                    }
                    case ABORTED -> {
                        skipped.incrementAndGet();
                        out.println("SKIP " + id.getDisplayName() + ": "
                                + result.getThrowable().map(Throwable::getMessage).orElse(""));
                    }
                    default -> {
                        failed.incrementAndGet();
                        out.println("FAIL " + id.getDisplayName() + ": " + result.getThrowable().orElse(null));
                        result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                    }
                }
            }
        };
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        out.printf("kvm tests: %d passed, %d failed, %d skipped%n", passed.get(), failed.get(), skipped.get());
        out.flush();
        System.exit(failed.get() > 0 || (noSkips && skipped.get() > 0) || passed.get() == 0 ? 1 : 0);
    }
}
