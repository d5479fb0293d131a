MESSAGE="worker ready"
