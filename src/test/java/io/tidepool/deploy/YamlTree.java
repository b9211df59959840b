package io.tidepool.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML documents as plain maps and lists, and paths into them that yield empty values where a manifest has none. */
public final class YamlTree {

    private YamlTree() {
    }

    /** Every document of a multi-document YAML text; plain types only (no arbitrary classes). */
    public static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (document != null) {
                documents.add(asMap(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node) {
        return node instanceof Map<?, ?> ? (Map<String, Object>) node : new LinkedHashMap<>();
    }

    static Object at(Object root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    static Map<String, Object> map(Object root, String... path) {
        return asMap(at(root, path));
    }

    static List<Object> list(Object root, String... path) {
        Object node = at(root, path);
        return node instanceof List<?> list ? List.copyOf(list) : List.of();
    }

    static List<Map<String, Object>> maps(Object root, String... path) {
        return list(root, path).stream().map(YamlTree::asMap).toList();
    }

    static String string(Object root, String... path) {
        Object node = at(root, path);
        return node == null ? null : String.valueOf(node);
    }
}
