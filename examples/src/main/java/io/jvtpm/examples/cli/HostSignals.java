package io.jvtpm.examples.cli;

import io.jvtpm.examples.boot.LinuxMachine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jvtpm boot}'s answer to SIGTERM and SIGINT (POSIX signals; a service manager's stop, a
 * terminal's Ctrl-C): the first presses the guest's ACPI power button ({@link LinuxMachine#shutdown()}),
 * the second powers the guest off at once ({@link LinuxMachine#powerOffNow()}). Closing puts the
 * JVM's own handlers back. Java has no public API for this: the JDK's {@code sun.misc.Signal}
 * (module jdk.unsupported) is reached by reflection, since javac warns on any direct use of it and
 * the build treats warnings as errors.
 */
final class HostSignals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final Method handle;
    private final List<Object> installed = new ArrayList<>();
    private final List<Object> previous = new ArrayList<>();

    private HostSignals(Method handle) {
        this.handle = handle;
    }

    /** What the signals do to a machine: the first presses its power button, the next power it off at once. */
    static final class Dispatch {
        private final Runnable pressPowerButton;
        private final Runnable powerOffNow;
        private final AtomicInteger received = new AtomicInteger();

        Dispatch(Runnable pressPowerButton, Runnable powerOffNow) {
            this.pressPowerButton = pressPowerButton;
            this.powerOffNow = powerOffNow;
        }

        /** SIG{@code name} arrived. */
        void onSignal(String name) {
            if (received.incrementAndGet() == 1) {
                LOG.info("SIG{}: pressing the guest's power button (a second signal powers it off at once)", name);
                pressPowerButton.run();
            } else {
                LOG.info("SIG{} again: powering the guest off at once", name);
                powerOffNow.run();
            }
        }
    }

    /**
     * Installs the handlers for {@code machine}; a signal the JVM cannot handle (e.g. under -Xrs)
     * is left as it is, with a warning.
     */
    static HostSignals install(LinuxMachine machine) {
        Dispatch dispatch = new Dispatch(machine::shutdown, machine::powerOffNow);
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method getName = signalType.getMethod("getName");
            HostSignals s = new HostSignals(signalType.getMethod("handle", signalType, handlerType));
            Object handler = Proxy.newProxyInstance(HostSignals.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("handle")) {
                            return method.getName().equals("toString") ? "jvtpm boot's signal handler"
                                    : method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                    : (Object) (proxy == args[0]);
                        }
                        dispatch.onSignal(String.valueOf(getName.invoke(args[0])));
                        return null;
                    });
            for (String name : SIGNALS) {
                try {
                    Object sig = signalType.getConstructor(String.class).newInstance(name);
                    s.previous.add(s.handle.invoke(null, sig, handler));
                    s.installed.add(sig);
                } catch (InvocationTargetException e) {
                    LOG.warn("SIG{} stays the JVM's: {}", name, e.getCause().getMessage());
                }
            }
            return s;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("SIGTERM and SIGINT stay the JVM's (they end it without the guest's shutdown): {}", e.toString());
            return new HostSignals(null);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            try {
                handle.invoke(null, installed.get(i), previous.get(i));
            } catch (ReflectiveOperationException e) {
                LOG.debug("could not restore a signal handler: {}", e.toString());
            }
        }
    }
}
