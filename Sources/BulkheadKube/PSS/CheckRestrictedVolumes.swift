/// Restricted pods may use only volume types that carry no host or network-storage access of
/// their own: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
/// projected and secret. Everything else (hostPath included, so this replaces
/// `hostPathVolumes` at restricted) is named by its type, or "unknown" when no type is written.
extension PSSCheck {
    static let restrictedVolumes = PSSCheck(id: "restrictedVolumes", level: .restricted, versions: [
        PSSCheckVersion(1, 0, overrides: [hostPathVolumesID]) { pod in checkVolumeTypes(pod) },
    ])

    static let allowedVolumeTypes = [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    ]

    /// In upstream's order: a volume that (invalidly) sets several is reported by the first.
    static let restrictedVolumeTypes = [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
        "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
    ]

    private static func checkVolumeTypes(_ pod: PSSPod) -> PSSVerdict {
        var names: [String] = []
        var types: [String] = []
        var fields: [PSSField] = []
        for volume in pod.spec.child("volumes").items {
            if allowedVolumeTypes.contains(where: { volume.child($0).isSet }) { continue }
            names.append(volume.child("name").text)
            if let type = restrictedVolumeTypes.first(where: { volume.child($0).isSet }) {
                types.append(type)
                fields.append(volume.child(type).field)
            } else {
                types.append("unknown")
                fields.append(volume.field)
            }
        }
        guard !names.isEmpty else { return .allowed }
        let distinct = PSSText.sortedSet(types)
        return .denied("restricted volume types",
                       "\(PSSText.plural("volume", "volumes", names.count)) \(PSSText.quoted(names)) \(PSSText.plural("uses", "use", names.count)) \(PSSText.plural("restricted volume type", "restricted volume types", distinct.count)) \(PSSText.quoted(distinct))",
                       fields)
    }
}
