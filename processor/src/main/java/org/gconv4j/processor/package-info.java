/** The @GroupSpec annotation processor: read → validate → compute group → tables → generate. */
package org.gconv4j.processor;
