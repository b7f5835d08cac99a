"""French for the production pieces: the background tasks screen (ami_portal/admin.py, apps.py).

django-tasks-db ships no French; its labels are translated here, with the same wording as the
foundation's table (which translated them first).
"""

FR = {
    "Background tasks": "Tâches d'arrière-plan",
    "Task Result": "Résultat de tâche",
    "Task Results": "Résultats de tâches",
    "enqueued at": "date de mise en file d'attente",
    "started at": "début d'exécution",
    "finished at": "fin d'exécution",
    "args kwargs": "arguments",
    "task path": "chemin de la tâche",
    "worker id": "identifiant du processus d'exécution",
    "queue name": "nom de la file d'attente",
    "backend name": "nom du moteur de tâches",
    "run after": "exécution au plus tôt le",
    "return value": "valeur de retour",
    "exception class path": "classe de l'exception",
    "traceback": "trace d'exécution",
    "Ready": "En attente",
    "Running": "En cours",
    "Failed": "Échec",
    "Successful": "Succès",
    "attempt": "tentative",
    "error": "erreur",
    # review/tasks.py: lines of a decision generation's error list, seen by staff
    "Generation": "Génération",
    "decision %(id)s": "décision %(id)s",
}
