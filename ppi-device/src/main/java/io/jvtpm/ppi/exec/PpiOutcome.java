package io.jvtpm.ppi.exec;

import io.jvtpm.ppi.page.PpiResponse;
import java.util.Objects;

/**
 * What one pending PPI operation came to at reset (TCG PPI 1.3 function 5's pair: the operation,
 * left in LPPR, and its response, left in PPRP), with a line saying why.
 */
public record PpiOutcome(long operation, PpiResponse response, String detail) {

    public PpiOutcome {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(detail, "detail");
    }
}
