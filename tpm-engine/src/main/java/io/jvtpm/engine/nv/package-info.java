/** The state store: a directory of atomically written, checksummed state files. */
package io.jvtpm.engine.nv;
