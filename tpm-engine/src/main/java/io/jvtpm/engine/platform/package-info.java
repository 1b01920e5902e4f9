/** The platform SPI the engine runs on: entropy, clock, NV, physical presence, cancel (after the TCG reference platform layer). */
package io.jvtpm.engine.platform;
