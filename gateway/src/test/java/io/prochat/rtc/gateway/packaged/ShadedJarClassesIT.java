package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build's guard against a dependency missing from the shaded jar: every class that our own classes (every
 * module's, {@code io/prochat/**}) name in their constant pools must be in the jar or in the JDK. A dependency
 * scoped {@code test} in the gateway's pom overrides the compile scope it has in another module, and Maven then
 * leaves it out of the jar while every unit test still passes (issue 10: java-jwt). This reads the jar, so it
 * fails at {@code mvn verify} without running the feature that would have crashed.
 */
class ShadedJarClassesIT {
    private static final String OURS = "io/prochat/";
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([^;<>]+);");

    @Test
    void everyClassOurCodeReferencesIsInTheJarOrTheJdk() throws IOException {
        TreeMap<String, Set<String>> missing = new TreeMap<>();
        try (JarFile jar = new JarFile(PackagedJar.JAR.toFile())) {
            Set<String> inJar = new HashSet<>();
            List<JarEntry> ours = new ArrayList<>();
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                String cls = name.replaceFirst("^META-INF/versions/\\d+/", "");
                inJar.add(cls.substring(0, cls.length() - ".class".length()));
                if (name.startsWith(OURS)) {
                    ours.add(entry);
                }
            }
            assertThat(ours).as("our classes in " + PackagedJar.JAR).hasSizeGreaterThan(100);
            for (JarEntry entry : ours) {
                try (InputStream in = jar.getInputStream(entry)) {
                    for (String ref : referencedClasses(in)) {
                        if (!inJar.contains(ref) && !inJdk(ref)) {
                            missing.computeIfAbsent(ref, k -> new TreeSet<>()).add(entry.getName());
                        }
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder();
        missing.forEach((cls, users) -> report.append("\n  ").append(cls.replace('/', '.')).append(" (used by ")
                .append(users.iterator().next().replace('/', '.').replace(".class", ""))
                .append(users.size() > 1 ? " and " + (users.size() - 1) + " more" : "").append(')'));
        assertThat(missing).as("classes our code needs at run time but " + PackagedJar.JAR.getFileName()
                + " lacks (a dependency scoped test or provided in a pom?):" + report).isEmpty();
    }

    private static boolean inJdk(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The classes a class file names: CONSTANT_Class entries (what it instantiates, calls, casts to, catches) and
     * the types in NameAndType and MethodType descriptors (what it passes and returns), from the constant pool
     * (JVMS §4.4).
     */
    static Set<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        List<Integer> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 19, 20 -> in.readUnsignedShort(); // String, Module, Package
                case 16 -> descriptors.add(in.readUnsignedShort()); // MethodType
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two slots
                }
                case 9, 10, 11, 17, 18 -> in.readInt(); // refs, Dynamic, InvokeDynamic: two indexes
                case 12 -> {
                    in.readUnsignedShort(); // name
                    descriptors.add(in.readUnsignedShort());
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> out = new TreeSet<>();
        for (int idx : classNames) {
            String name = utf8[idx];
            if (name.startsWith("[")) {
                Matcher m = TYPE_IN_DESCRIPTOR.matcher(name);
                while (m.find()) {
                    out.add(m.group(1));
                }
            } else {
                out.add(name);
            }
        }
        for (int idx : descriptors) {
            Matcher m = TYPE_IN_DESCRIPTOR.matcher(utf8[idx]);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
