module pionclient

go 1.19
