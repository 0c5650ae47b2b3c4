/// Restricted pods may use only volume types that carry no host or network-storage access of
/// their own: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
/// projected and secret. Everything else (hostPath included, so this replaces
/// `hostPathVolumes` at restricted) is named by its type. A volume that names no source at all
/// is an emptyDir (the API server defaults it so, and upstream evaluates the defaulted pod); one
/// whose only source is a key upstream does not know is reported as "unknown".
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
            let written = (volume.node?.entries ?? []).filter { $0.key != "name" && !$0.value.isNull }
            if written.isEmpty { continue } // defaulted to emptyDir
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
