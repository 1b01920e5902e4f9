/** The TPM's state and lifecycle: _TPM_Init, Startup/Shutdown, H-CRTM, hierarchies, clock, sequence objects (TPM 2.0 Library Part 1, 36). */
package io.jvtpm.engine.core;
