/// The version of qctl and its broker format.
public enum QClusterVersion {
    public static let string = "0.1.0"
}
